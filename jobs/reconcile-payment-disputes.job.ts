import { z } from 'zod';
import { defineJob } from './job.ts';
import { reconcilePaymentDisputes } from '../domain/cases/reconcile-payment-disputes.ts';

// Every half hour: catch up on Shopify Payments disputes whose webhooks never arrived. One run at a time.
export const reconcilePaymentDisputesJob = defineJob({
  name: 'reconcile-payment-disputes',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800 },
  schedule: { cron: '7,37 * * * *', payload: {} },
  async run(_payload, { db, shopify, shopId, logger, config, queue }) {
    if (!shopify) return;
    const defaultSince = new Date(Date.now() - config.SHOPIFY_BACKFILL_DAYS * 86_400_000);
    const progress = await reconcilePaymentDisputes({ db, shopify, shopId, logger, config, queue }, { defaultSince });
    if (progress.opened + progress.refreshed > 0) logger.info(progress, 'payment disputes reconciled with Shopify');
  },
});
