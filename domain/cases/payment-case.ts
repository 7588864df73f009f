import type { Db } from '../../db/database.ts';
import { findOrderByShopifyId } from '../../db/orders.repository.ts';
import { caseParcel } from '../../db/payment-disputes.repository.ts';
import type { Order } from '../../db/schema.ts';
import type { ShopifyAdmin } from '../shopify/admin-api.ts';
import { storeOrder } from '../shopify/store-order.ts';
import { trackingNow } from '../../core/clock.ts';
import { upsertPaymentCase, type CaseContext } from './cases.ts';
import { disputeFacts, NOT_RECEIVED, type DisputeNode } from './payment-dispute-api.ts';

// A dispute read from Shopify, by the webhook's job or by the reconciliation, becomes a case the same
// way: only "product not received" disputes concern parcels; the order is synced first when we have
// not stored it yet; the case is about the order's latest delivered parcel, else its latest one.

export interface PaymentCaseContext extends CaseContext {
  db: Db;
  shopify: ShopifyAdmin;
  shopId: string;
}

// Statuses after which a dispute no longer changes.
export const SETTLED_STATUSES = ['CHARGE_REFUNDED', 'ACCEPTED', 'WON', 'LOST'] as const;

export type DisputeOutcome = 'opened' | 'updated' | 'other_reason' | 'no_order';

export async function applyPaymentDispute(ctx: PaymentCaseContext, node: DisputeNode): Promise<DisputeOutcome> {
  const facts = disputeFacts(node);
  const log = { shopifyDisputeId: facts.shopifyDisputeId, reason: facts.reason, status: facts.status };
  if (facts.reason !== NOT_RECEIVED) {
    ctx.logger.info(log, 'payment dispute is not about a parcel that never arrived: no case');
    return 'other_reason';
  }
  const order = node.order ? await storedOrder(ctx, node.order.legacyResourceId) : undefined;
  if (!order) {
    ctx.logger.warn({ ...log, order: node.order?.name ?? null }, 'payment dispute without an order we can read: no case');
    return 'no_order';
  }
  const { created } = await ctx.db.transaction().execute(async (trx) => {
    const shipment = await caseParcel(trx, order.id);
    return upsertPaymentCase(trx, ctx, { ...facts, order, shipment, now: trackingNow() });
  });
  if (created) ctx.logger.info({ ...log, order: order.name }, 'payment dispute opened a not-received case');
  return created ? 'opened' : 'updated';
}

// The order as stored, or — when its webhooks were missed — read from Shopify and stored now, as the
// order sync does.
async function storedOrder(ctx: PaymentCaseContext, shopifyOrderId: string): Promise<Order | undefined> {
  const known = await findOrderByShopifyId(ctx.db, ctx.shopId, shopifyOrderId);
  if (known) return known;
  const node = await ctx.shopify.fetchOrder(shopifyOrderId);
  if (!node) return undefined;
  await ctx.db.transaction().execute((trx) => storeOrder(trx, ctx.shopId, node, trackingNow(), ctx.logger));
  return findOrderByShopifyId(ctx.db, ctx.shopId, shopifyOrderId);
}
