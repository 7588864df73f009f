import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { Shipment, ShipmentAttention, ShipmentsTable } from './schema.ts';
import type { Insertable, Updateable } from 'kysely';

export type ShipmentUpdate = Updateable<ShipmentsTable>;

export async function findShipment(db: Db | Tx, id: string): Promise<Shipment | undefined> {
  return db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
}

// The shop's shipment an EasyPost tracker is about: by tracker id, or by tracking code before the tracker
// was created (both indexed; the code only within the shop, as it is unique there).
export async function findShipmentByTracker(db: Db | Tx, shopId: string, trackerId: string, trackingCode: string): Promise<Shipment | undefined> {
  return byTracker(db, shopId, trackerId, trackingCode).selectAll().executeTakeFirst();
}

// Whether the shop follows that tracker at all (what a webhook is checked against before it is kept).
export async function followsTracker(db: Db | Tx, shopId: string, trackerId: string, trackingCode: string): Promise<boolean> {
  return (await byTracker(db, shopId, trackerId, trackingCode).select('id').executeTakeFirst()) !== undefined;
}

function byTracker(db: Db | Tx, shopId: string, trackerId: string, trackingCode: string) {
  return db
    .selectFrom('shipments')
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb('tracker_id', '=', trackerId), eb.and([eb('tracker_id', 'is', null), eb('tracking_code', '=', trackingCode)])]))
    .orderBy('created_at')
    .limit(1);
}

// Row lock for the length of the transaction: one writer per shipment at a time.
export async function lockShipment(trx: Tx, id: string): Promise<Shipment | undefined> {
  return trx.selectFrom('shipments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateShipment(trx: Tx, id: string, values: ShipmentUpdate): Promise<Shipment> {
  return trx
    .updateTable('shipments')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface DueShipment {
  id: string;
  next_check_at: Date;
}

// Hands out shipments whose check is due, each to one caller: a lease keeps others (another worker,
// the CLI) from taking it again until the check is done or the lease runs out after a crash.
export async function claimDueShipments(trx: Tx, now: Date, leaseUntil: Date, limit: number): Promise<DueShipment[]> {
  const due = trx
    .selectFrom('shipments')
    .select('id')
    .where('retired_at', 'is', null)
    .where('next_check_at', '<=', now)
    .where((eb) => eb.or([eb('check_leased_until', 'is', null), eb('check_leased_until', '<=', now)]))
    .orderBy('next_check_at')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await trx
    .updateTable('shipments')
    .set({ check_leased_until: leaseUntil })
    .where('id', 'in', due)
    .returning(['id', 'next_check_at'])
    .execute();
  return rows.map((r) => ({ id: r.id, next_check_at: r.next_check_at! }));
}


// Live (not retired) shipments by tracking status.
export async function countShipmentsByStatus(db: Db | Tx, shopId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('shipments')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .where('retired_at', 'is', null)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

export async function listShipmentsForOrder(db: Db | Tx, orderId: string): Promise<Shipment[]> {
  return db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
}

export async function findShipmentByCode(db: Db | Tx, shopId: string, trackingCode: string): Promise<Shipment | undefined> {
  return db.selectFrom('shipments').selectAll().where('shop_id', '=', shopId).where('tracking_code', '=', trackingCode).executeTakeFirst();
}

export async function insertShipment(trx: Tx, values: Insertable<ShipmentsTable>): Promise<Shipment> {
  return trx.insertInto('shipments').values(values).returningAll().executeTakeFirstOrThrow();
}

// No more checks and no more emails for these shipments (a changed number, a cancellation).
export async function retireShipments(trx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('shipments').set({ retired_at: now, next_check_at: null, check_leased_until: null, updated_at: now }).where('id', 'in', ids).execute();
}

// The latest moment any stored tracking refers to (an event, a check, a tracker update).
export async function latestTrackingMoment(db: Db | Tx): Promise<Date | undefined> {
  const row = await db
    .selectFrom('shipments')
    .select(sql<Date | null>`max(greatest(last_event_at, last_checked_at, tracker_updated_at))`.as('at'))
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : undefined;
}

// Open not-received cases (presumed-lost parcels are cases of their own).
export async function countOpenDisputes(db: Db | Tx, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('disputes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .where('state', '=', 'open')
    .where('source', '!=', 'lost')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Raises one reason for support's attention on an order's shipments that have none, or clears it.
export async function setOrderAttention(trx: Tx, orderId: string, attention: ShipmentAttention, raised: boolean): Promise<void> {
  const query = trx.updateTable('shipments').where('order_id', '=', orderId);
  if (raised) await query.set({ attention, updated_at: new Date() }).where('attention', 'is', null).execute();
  else await query.set({ attention: null, updated_at: new Date() }).where('attention', '=', attention).execute();
}
