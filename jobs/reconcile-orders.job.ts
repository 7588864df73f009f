import { z } from 'zod';
import { defineJob } from './job.ts';
import { reconcileOrders } from '../domain/shopify/reconcile-orders.ts';

// Every quarter of an hour: catch up on orders whose webhooks never arrived. The 'exclusive' policy
// keeps one run at a time.
export const reconcileShopifyOrdersJob = defineJob({
  name: 'reconcile-shopify-orders',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800 },
  schedule: { cron: '*/15 * * * *', payload: {} },
  async run(_payload, { db, shopify, shopId, logger, config }) {
    if (!shopify) return;
    const defaultSince = new Date(Date.now() - config.SHOPIFY_BACKFILL_DAYS * 86_400_000);
    const progress = await reconcileOrders({ db, shopify, shopId, logger }, { defaultSince });
    if (progress.orders > 0) logger.info(progress, 'orders reconciled with Shopify');
  },
});
