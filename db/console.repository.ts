import { sql } from 'kysely';
import type { IssueKind } from '../core/notification-kinds.ts';
import type { Db, Tx } from './database.ts';

// What the support console reads: search, the work queues and the shipment view, plus the two
// tracking switches support can flip on a shipment.

export interface OrderSearch {
  email?: string;
  names?: string[];
  number?: number | null;
  trackingCode?: string;
}

// Orders matching an email (any case), an order name or number, or a parcel's tracking code (any
// case), newest first, each with all its parcels (retired ones too: support needs to see them).
export async function searchOrders(db: Db | Tx, shopId: string, search: OrderSearch, limit = 50) {
  const matches = [] as Array<Promise<Array<{ id: string }>>>;
  if (search.email) {
    matches.push(db.selectFrom('orders').select('id').where('shop_id', '=', shopId).where(sql`lower(email)`, '=', search.email.trim().toLowerCase()).execute());
  }
  if (search.names?.length) {
    matches.push(db.selectFrom('orders').select('id').where('shop_id', '=', shopId).where(sql`upper(name)`, 'in', search.names).execute());
  }
  if (search.number != null) {
    matches.push(db.selectFrom('orders').select('id').where('shop_id', '=', shopId).where('number', '=', search.number).execute());
  }
  if (search.trackingCode) {
    matches.push(
      db.selectFrom('shipments').select('order_id as id').where('shop_id', '=', shopId).where(sql`upper(tracking_code)`, '=', search.trackingCode.trim().toUpperCase()).execute(),
    );
  }
  const ids = [...new Set((await Promise.all(matches)).flat().map((row) => row.id))];
  if (ids.length === 0) return [];
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'name', 'email', 'customer_id', 'created_at', 'cancelled_at'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const shipments = await db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'status', 'carrier', 'declared_carrier', 'tracking_code', 'retired_at'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('created_at')
    .execute();
  return orders.map((order) => ({ order, shipments: shipments.filter((s) => s.order_id === order.id) }));
}

// Open not-received cases (shopper reports and payment disputes), oldest first: the longest waiting
// shopper comes first.
export async function openDisputesQueue(db: Db | Tx, shopId: string, limit: number) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .select(['d.id', 'd.shipment_id', 'd.source', 'd.opened_at', 'd.evidence_due_by', 'd.repeat_flag', 'd.delivered_when_opened', 'o.name as order_name', 'o.email'])
    .where('d.shop_id', '=', shopId)
    .where('d.state', '=', 'open')
    .where('d.source', '!=', 'lost')
    .orderBy('d.opened_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

// Open presumed-lost cases with their parcel and why it is presumed lost, the longest waiting first.
export async function openLostCasesQueue(db: Db | Tx, shopId: string, limit: number) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .leftJoin('shipments as s', 's.id', 'd.shipment_id')
    .leftJoin('shipment_issues as i', 'i.id', 'd.issue_id')
    .select(['d.id', 'd.opened_at', 'o.name as order_name', 's.tracking_code', 's.carrier', 's.declared_carrier', 's.last_scan_at', sql<string | null>`i.details->>'reason'`.as('reason')])
    .where('d.shop_id', '=', shopId)
    .where('d.state', '=', 'open')
    .where('d.source', '=', 'lost')
    .orderBy('d.opened_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

// Shipments with an open issue of these kinds, one row per shipment, the longest open first.
export async function openIssuesQueue(db: Db | Tx, shopId: string, kinds: IssueKind[], limit: number) {
  return db
    .selectFrom('shipment_issues as i')
    .innerJoin('shipments as s', 's.id', 'i.shipment_id')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      's.id',
      's.tracking_code',
      's.carrier',
      's.declared_carrier',
      's.status',
      's.last_scan_at',
      'o.name as order_name',
      sql<string>`string_agg(distinct i.kind, ',')`.as('kinds'),
      sql<string | null>`string_agg(distinct i.details->>'situation', ',')`.as('situations'),
      sql<Date>`min(i.opened_at)`.as('opened_at'),
    ])
    .where('i.shop_id', '=', shopId)
    .where('i.cleared_at', 'is', null)
    .where('i.kind', 'in', kinds)
    .groupBy(['s.id', 'o.name'])
    .orderBy(sql`min(i.opened_at)`)
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

// Tracked shipments flagged for a person, the longest known first.
export async function attentionQueue(db: Db | Tx, shopId: string, attention: 'carrier_mismatch' | 'invalid_tracking_code', limit: number) {
  return db
    .selectFrom('shipments as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['s.id', 's.tracking_code', 's.carrier', 's.declared_carrier', 's.status', 's.last_error', 's.created_at', 'o.name as order_name'])
    .where('s.shop_id', '=', shopId)
    .where('s.attention', '=', attention)
    .where('s.retired_at', 'is', null)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

// Emails that could not be sent after every retry, the latest first.
export async function failedNotificationsQueue(db: Db | Tx, shopId: string, limit: number) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('orders as o', 'o.id', 'n.order_id')
    .select(['n.id', 'n.shipment_id', 'n.kind', 'n.recipient', 'n.last_error', 'n.attempts', 'n.created_at', 'o.name as order_name'])
    .where('n.shop_id', '=', shopId)
    .where('n.state', '=', 'failed')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(limit)
    .execute();
}

export async function findShipmentWithOrder(db: Db | Tx, shopId: string, shipmentId: string) {
  const shipment = await db.selectFrom('shipments').selectAll().where('shop_id', '=', shopId).where('id', '=', shipmentId).executeTakeFirst();
  if (!shipment) return undefined;
  const order = await db.selectFrom('orders').selectAll().where('id', '=', shipment.order_id).executeTakeFirstOrThrow();
  return { shipment, order };
}

export async function openIssuesOf(db: Db | Tx, shipmentId: string) {
  return db.selectFrom('shipment_issues').selectAll().where('shipment_id', '=', shipmentId).where('cleared_at', 'is', null).orderBy('opened_at').execute();
}

export async function notificationsOfShipment(db: Db | Tx, shopId: string, shipmentId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'episode', 'state', 'suppressed_reason', 'sent_at', 'recipient', 'last_error', 'created_at'])
    .where('shop_id', '=', shopId)
    .where('shipment_id', '=', shipmentId)
    .orderBy('created_at', 'desc')
    .orderBy('episode', 'desc')
    .execute();
}

export async function disputesOfOrder(db: Db | Tx, shopId: string, orderId: string) {
  return db
    .selectFrom('disputes')
    .select(['id', 'shipment_id', 'source', 'state', 'resolution', 'opened_at', 'resolved_at'])
    .where('shop_id', '=', shopId)
    .where('order_id', '=', orderId)
    .orderBy('opened_at', 'desc')
    .execute();
}

// Stops checks and proactive emails; undefined when tracking was stopped already.
export async function stopTracking(db: Db | Tx, shopId: string, shipmentId: string, now: Date) {
  return db
    .updateTable('shipments')
    .set({ retired_at: now, tracking_stopped_at: now, next_check_at: null, check_leased_until: null, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', shipmentId)
    .where('retired_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

// Checks the shipment again at once; undefined unless support had stopped it (a parcel Shopify no
// longer lists stays retired).
export async function resumeTracking(db: Db | Tx, shopId: string, shipmentId: string, now: Date) {
  return db
    .updateTable('shipments')
    .set({ retired_at: null, tracking_stopped_at: null, next_check_at: now, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', shipmentId)
    .where('tracking_stopped_at', 'is not', null)
    .returning(['id'])
    .executeTakeFirst();
}
