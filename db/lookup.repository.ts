import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { Order } from './schema.ts';

// Orders whose name or number matches what the shopper typed ("#1001", "1001", "ABC-1001").
export async function findOrdersByReference(db: Db, shopId: string, names: string[], number: number | null): Promise<Order[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb(sql`upper(name)`, 'in', names), ...(number !== null ? [eb('number', '=', number)] : [])]))
    .limit(5)
    .execute();
}

export async function shipmentsWithEvents(db: Db, orderId: string) {
  const shipments = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .execute();
  if (shipments.length === 0) return [];
  const events = await db
    .selectFrom('tracking_events')
    .select(['shipment_id', 'occurred_at', 'status', 'status_detail', 'message', 'location'])
    .where(
      'shipment_id',
      'in',
      shipments.map((s) => s.id),
    )
    .orderBy('occurred_at', (ob) => ob.desc().nullsLast())
    .execute();
  const openIssues = await db
    .selectFrom('shipment_issues')
    .select(['shipment_id', 'kind'])
    .where(
      'shipment_id',
      'in',
      shipments.map((s) => s.id),
    )
    .where('cleared_at', 'is', null)
    .execute();
  return shipments.map((s) => ({
    shipment: s,
    events: events.filter((e) => e.shipment_id === s.id),
    issues: openIssues.filter((i) => i.shipment_id === s.id).map((i) => i.kind),
  }));
}
