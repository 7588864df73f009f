import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { Shipment } from './schema.ts';

// Shopify Payments disputes: the reconciliation cursor, the parcel a case is about, and the cases
// whose dispute is not settled yet.

export async function disputesCursor(db: Db | Tx, shopId: string): Promise<Date | null> {
  const row = await db.selectFrom('shops').select('disputes_cursor').where('id', '=', shopId).executeTakeFirst();
  return row?.disputes_cursor ? new Date(row.disputes_cursor) : null;
}

// The cursor (the newest initiatedAt seen) only moves forward.
export async function advanceDisputesCursor(trx: Tx, shopId: string, to: Date): Promise<void> {
  await trx
    .updateTable('shops')
    .set({ disputes_cursor: to, updated_at: sql`now()` })
    .where('id', '=', shopId)
    .where((eb) => eb.or([eb('disputes_cursor', 'is', null), eb('disputes_cursor', '<', to)]))
    .execute();
}

// The parcel a dispute is about: the latest delivered one, else the most recently updated one.
export async function caseParcel(db: Db | Tx, orderId: string): Promise<Shipment | undefined> {
  const delivered = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'delivered')
    .orderBy(sql`delivered_at desc nulls last`)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (delivered) return delivered;
  return db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('updated_at', 'desc').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

// Shopify ids of the cases whose dispute can still change status (awaiting evidence or under review).
export async function unsettledPaymentDisputeIds(db: Db | Tx, shopId: string, settled: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('disputes')
    .select('shopify_dispute_id')
    .where('shop_id', '=', shopId)
    .where('source', '=', 'payment')
    .where('shopify_dispute_id', 'is not', null)
    .where((eb) => eb.or([eb('payment_status', 'is', null), eb('payment_status', 'not in', [...settled])]))
    .orderBy('opened_at')
    .execute();
  return rows.map((r) => r.shopify_dispute_id!);
}
