import { trackingNow } from '../../core/clock.ts';
import type { DomainContext } from '../context.ts';
import { storeOrder } from './store-order.ts';

// Re-reads one order and its fulfillments from the Admin API and stores them. A webhook only says
// which order changed: the truth is read here, so late or repeated deliveries cannot regress it.
export async function syncShopifyOrder({ db, shopify, shopId, logger }: Pick<DomainContext, 'db' | 'shopify' | 'shopId' | 'logger'>, shopifyOrderId: string): Promise<void> {
  if (!shopify) {
    logger.warn({ shopifyOrderId }, 'Shopify is not configured: order not synced');
    return;
  }
  const node = await shopify.fetchOrder(shopifyOrderId);
  if (!node) {
    logger.info({ shopifyOrderId }, 'order no longer exists in Shopify');
    return;
  }
  const stored = await db.transaction().execute((trx) => storeOrder(trx, shopId, node, trackingNow(), logger));
  logger.info({ order: node.name, stale: stored.stale, added: stored.added, retired: stored.retired, refused: stored.refused }, 'order synced');
}
