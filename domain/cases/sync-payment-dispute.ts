import type { DomainContext } from '../context.ts';
import { fetchPaymentDispute } from './payment-dispute-api.ts';
import { applyPaymentDispute } from './payment-case.ts';

// Re-reads one Shopify Payments dispute and opens or updates its case. The disputes/* webhook only
// says which dispute changed: its body is never trusted beyond the id.
export async function syncPaymentDispute({ db, shopify, shopId, logger, config, queue }: Pick<DomainContext, 'db' | 'shopify' | 'shopId' | 'logger' | 'config' | 'queue'>, shopifyDisputeId: string): Promise<void> {
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
}
