import { z } from 'zod';
import { pruneReceiptsBefore } from '../db/webhook-receipts.repository.ts';
import { defineJob } from './job.ts';

const DAY_MS = 86_400_000;

// Housekeeping: a receipt only needs to outlive the provider's retry window (Shopify retries for four
// hours, EasyPost for a few days), so old ones are removed daily.
export const pruneWebhookReceipts = defineJob({
  name: 'prune-webhook-receipts',
  payload: z.object({ olderThanDays: z.number().int().positive().optional() }),
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  schedule: { cron: '17 3 * * *', payload: {} },
  async run({ olderThanDays }, { db, config, logger }) {
    const days = olderThanDays ?? config.WEBHOOK_RECEIPT_RETENTION_DAYS;
    const deleted = await pruneReceiptsBefore(db, new Date(Date.now() - days * DAY_MS));
    logger.info({ deleted, days }, 'pruned webhook receipts');
  },
});
