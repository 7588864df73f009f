import { defineJob } from './job.ts';
import { syncPaymentDisputeWork } from '../domain/work.ts';
import { fetchPaymentDispute } from '../domain/cases/payment-dispute-api.ts';
import { applyPaymentDispute } from '../domain/cases/payment-case.ts';

// Re-reads one Shopify Payments dispute and opens or updates its case. The disputes/* webhook only
// says which dispute changed: its body is never trusted beyond the id.
export const syncPaymentDisputeJob = defineJob({
  ...syncPaymentDisputeWork,
  queue: { policy: 'singleton', retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  work: () => ({ concurrency: 2 }),
  async run({ shopifyDisputeId }, { db, shopify, shopId, logger, config, queue }) {
    if (!shopify) {
      logger.warn({ shopifyDisputeId }, 'Shopify is not configured: dispute not synced');
      return;
    }
    const node = await fetchPaymentDispute(shopify, shopifyDisputeId);
    if (!node) {
      logger.info({ shopifyDisputeId }, 'dispute no longer exists in Shopify');
      return;
    }
    await applyPaymentDispute({ db, shopify, shopId, logger, config, queue }, node);
  },
});
