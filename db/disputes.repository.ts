import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { Dispute, DisputesTable } from './schema.ts';

// Cases: not received (reported by the shopper on the lookup page, or opened from a Shopify Payments
// dispute) and presumed lost (opened by the rules). One open shopper case and one open lost case per
// parcel, and one case per Shopify dispute, enforced by indexes.

export async function insertDispute(trx: Tx, values: Insertable<DisputesTable>): Promise<Dispute | undefined> {
  return trx.insertInto('disputes').values(values).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export async function findDispute(db: Db | Tx, shopId: string, id: string): Promise<Dispute | undefined> {
  return db.selectFrom('disputes').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export async function lockDispute(trx: Tx, shopId: string, id: string): Promise<Dispute | undefined> {
  return trx.selectFrom('disputes').selectAll().where('shop_id', '=', shopId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findOpenShopperDispute(db: Db | Tx, shipmentId: string): Promise<Dispute | undefined> {
  return db.selectFrom('disputes').selectAll().where('shipment_id', '=', shipmentId).where('state', '=', 'open').where('source', '=', 'shopper').executeTakeFirst();
}

export async function findOpenLostCase(db: Db | Tx, shipmentId: string): Promise<Dispute | undefined> {
  return db.selectFrom('disputes').selectAll().where('shipment_id', '=', shipmentId).where('state', '=', 'open').where('source', '=', 'lost').executeTakeFirst();
}

// Whether a parcel was presumed lost at or after a moment (its case open or resolved since).
export async function lostCaseSince(db: Db | Tx, shipmentId: string, since: Date): Promise<boolean> {
  const row = await db.selectFrom('disputes').select('id').where('shipment_id', '=', shipmentId).where('source', '=', 'lost').where('opened_at', '>=', since).executeTakeFirst();
  return row !== undefined;
}

export async function findDisputeByShopifyId(db: Db | Tx, shopId: string, shopifyDisputeId: string): Promise<Dispute | undefined> {
  return db.selectFrom('disputes').selectAll().where('shop_id', '=', shopId).where('shopify_dispute_id', '=', shopifyDisputeId).executeTakeFirst();
}

export async function updateDispute(db: Db | Tx, id: string, values: Updateable<DisputesTable>): Promise<Dispute> {
  return db
    .updateTable('disputes')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function disputesForOrder(db: Db | Tx, orderId: string): Promise<Dispute[]> {
  return db.selectFrom('disputes').selectAll().where('order_id', '=', orderId).orderBy('opened_at', 'desc').execute();
}

// Cases on other orders of the same customer, email or postal code opened since `since`, with what
// each order looked like: the caller decides which subjects match (an address needs more than a
// postal code).
export async function relatedDisputes(
  db: Db | Tx,
  shopId: string,
  subjects: { customerId: string | null; email: string | null; postalCode: string | null },
  since: Date,
) {
  const { customerId, email, postalCode } = subjects;
  if (!customerId && !email && !postalCode) return [];
  return db
    .selectFrom('disputes as d')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .select([
      'd.id',
      'd.order_id as orderId',
      'd.source',
      'd.state',
      'd.resolution',
      'd.opened_at as openedAt',
      'o.name as orderName',
      'o.email',
      'o.customer_id as customerId',
      'o.postal_code as postalCode',
      'o.shipping_address as shippingAddress',
    ])
    .where('d.shop_id', '=', shopId)
    .where('d.opened_at', '>=', since)
    .where((eb) =>
      eb.or([
        ...(customerId ? [eb('o.customer_id', '=', customerId)] : []),
        ...(email ? [eb(sql`lower(o.email)`, '=', email.trim().toLowerCase())] : []),
        ...(postalCode ? [eb('o.postal_code', '=', postalCode)] : []),
      ]),
    )
    .orderBy('d.opened_at', 'desc')
    .limit(200)
    .execute();
}

// The emails of a case, oldest first.
export async function caseNotifications(db: Db | Tx, disputeId: string) {
  return db.selectFrom('notifications').selectAll().where('dispute_id', '=', disputeId).orderBy('created_at').orderBy('id').execute();
}

export async function caseHasEmail(db: Db | Tx, disputeId: string, kind: string): Promise<boolean> {
  const row = await db.selectFrom('notifications').select('id').where('dispute_id', '=', disputeId).where('kind', '=', kind).executeTakeFirst();
  return row !== undefined;
}
