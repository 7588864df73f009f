import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';

// What the console's front page and the helpdesk sidebar read.

// What the console's front page counts: open issues by kind, shipments needing attention by reason,
// and notifications that failed to send.
export async function supportConsoleCounts(db: Db | Tx, shopId: string) {
  const openIssues = await db
    .selectFrom('shipment_issues')
    .select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .where('cleared_at', 'is', null)
    .groupBy('kind')
    .execute();
  const attention = await db
    .selectFrom('shipments')
    .select(['attention', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .where('attention', 'is not', null)
    .where('retired_at', 'is', null)
    .groupBy('attention')
    .execute();
  const failed = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('shop_id', '=', shopId)
    .where('state', '=', 'failed')
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('disputes')
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) filter (where source = 'payment'))::int`.as('payment'),
      sql<number>`(count(*) filter (where repeat_flag is not null))::int`.as('repeat'),
    ])
    .where('shop_id', '=', shopId)
    .where('state', '=', 'open')
    .where('source', '!=', 'lost')
    .executeTakeFirstOrThrow();
  return {
    openIssues,
    attention,
    failedNotifications: Number(failed.count),
    openCases: { open: Number(cases.open), payment: Number(cases.payment), repeat: Number(cases.repeat) },
  };
}

// A customer's latest orders by email (any case), each with its current parcels and their open issues.
export async function ordersWithShipmentsByEmail(db: Db | Tx, shopId: string, email: string, limit = 50) {
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'name', 'created_at', 'cancelled_at'])
    .where('shop_id', '=', shopId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (orders.length === 0) return [];
  const shipments = await db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'carrier', 'declared_carrier', 'tracking_code', 'status', 'public_url', 'tracking_url', 'est_delivery_at', 'delivered_at'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const openIssues = shipments.length
    ? await db
        .selectFrom('shipment_issues')
        .select(['shipment_id', 'kind'])
        .where(
          'shipment_id',
          'in',
          shipments.map((s) => s.id),
        )
        .where('cleared_at', 'is', null)
        .orderBy('opened_at')
        .execute()
    : [];
  const cases = await db
    .selectFrom('disputes')
    .select(['id', 'order_id', 'source', 'state', 'resolution', 'opened_at', 'payment_kind', 'evidence_due_by'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('opened_at')
    .execute();
  return orders.map((order) => ({
    order,
    shipments: shipments
      .filter((s) => s.order_id === order.id)
      .map((shipment) => ({ shipment, issues: openIssues.filter((i) => i.shipment_id === shipment.id).map((i) => i.kind) })),
    cases: cases.filter((c) => c.order_id === order.id),
  }));
}
