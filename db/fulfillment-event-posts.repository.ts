import type { Db, Tx } from './database.ts';
import type { FulfillmentEventDetails } from './schema.ts';

export interface NewFulfillmentEventPost {
  shopId: string;
  shipmentId: string;
  fulfillmentId: string;
  status: string;
  happenedAt: Date;
  details: FulfillmentEventDetails;
}

// Records an event to post to Shopify, once per (shipment, status, moment). Returns its id, or
// undefined when it was recorded before.
export async function recordFulfillmentEventPost(trx: Tx, post: NewFulfillmentEventPost): Promise<string | undefined> {
  const row = await trx
    .insertInto('fulfillment_event_posts')
    .values({
      shop_id: post.shopId,
      shipment_id: post.shipmentId,
      fulfillment_id: post.fulfillmentId,
      status: post.status,
      happened_at: post.happenedAt,
      details: JSON.stringify(post.details),
    })
    .onConflict((oc) => oc.columns(['shipment_id', 'status', 'happened_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

// The event last recorded for a shipment (what Shopify shows, or is about to).
export async function latestFulfillmentEventPost(db: Db | Tx, shipmentId: string): Promise<{ status: string; happened_at: Date } | undefined> {
  return db
    .selectFrom('fulfillment_event_posts')
    .select(['status', 'happened_at'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('happened_at', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function findFulfillmentEventPost(db: Db | Tx, id: string) {
  return db.selectFrom('fulfillment_event_posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markFulfillmentEventPosted(db: Db | Tx, id: string, shopifyEventId: string, at: Date): Promise<void> {
  await db.updateTable('fulfillment_event_posts').set({ posted_at: at, shopify_event_id: shopifyEventId, last_error: null }).where('id', '=', id).execute();
}

export async function markFulfillmentEventFailed(db: Db | Tx, id: string, error: string): Promise<void> {
  await db
    .updateTable('fulfillment_event_posts')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', '=', id)
    .execute();
}
