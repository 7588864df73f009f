import type { Db } from '../../db/database.ts';
import type { NewShipment } from '../../db/schema.ts';
import { buildIssue, buildOrder, buildShipment } from './factories.ts';

// A small shop whose analytics are worked out by hand (in the tests that use it), for a shop in
// America/New_York (UTC-4 until 2026-11-01 06:00 UTC, when summer time ends, then UTC-5) and the period 2026-11-01 … 2026-11-07 on its calendar:
//
//   A  USPS Priority  US  shipped 11-02 10:00 NY   first scan +5 h   delivered 11-05 (est 11-05) on time
//   B  USPS Priority  US  shipped 11-03 07:00 NY   delivered 11-06 22:00 NY = 11-07 03:00 UTC (est 11-06):
//                          on time on the shop's calendar, late on UTC's
//   C  UPS Ground     DK  shipped 11-07 22:00 NY = 11-08 03:00 UTC: in the period only on the shop's
//                          calendar; never scanned; tracking expired
//   D  USPS Priority  US  shipped 10-31 23:00 NY = 11-01 03:00 UTC: outside the period
//   E  UPS Ground     DK  shipped 11-04; first scan 5 days later; stalled 48 h; returned to sender
//   F  USPS Priority  US  shipped 11-05; delivered 11-10 (est 11-08: late), learned est 11-11 (on time);
//                          a not-received case, refunded
export const ANALYTICS_ZONE = 'America/New_York';
export const ANALYTICS_NOW = new Date('2026-11-20T12:00:00Z');

export async function seedAnalyticsShop(db: Db, shopId: string) {
  const parcel = async (name: string, country: string, values: Partial<NewShipment>) => {
    const order = await buildOrder(db, shopId, { name, shipping_address: JSON.stringify({ countryCodeV2: country, city: 'Somewhere' }) });
    const shipment = await buildShipment(db, order, values);
    return { order, shipment };
  };
  const usps = { carrier: 'USPS', service: 'Priority' };
  const ups = { carrier: 'UPS', service: 'Ground' };
  const a = await parcel('#A', 'US', {
    ...usps,
    status: 'delivered',
    shipped_at: '2026-11-02T15:00:00Z',
    first_scan_at: '2026-11-02T20:00:00Z',
    delivered_at: '2026-11-05T17:00:00Z',
    first_est_delivery_at: '2026-11-05T00:00:00Z',
  });
  const b = await parcel('#B', 'US', {
    ...usps,
    status: 'delivered',
    shipped_at: '2026-11-03T12:00:00Z',
    first_scan_at: '2026-11-03T18:00:00Z',
    delivered_at: '2026-11-07T03:00:00Z',
    first_est_delivery_at: '2026-11-06T00:00:00Z',
  });
  const c = await parcel('#C', 'DK', { ...ups, status: 'pre_transit', shipped_at: '2026-11-08T03:00:00Z', attention: 'tracking_expired' });
  await parcel('#D', 'US', { ...usps, status: 'delivered', shipped_at: '2026-11-01T03:00:00Z', first_scan_at: '2026-11-01T06:00:00Z', delivered_at: '2026-11-03T12:00:00Z' });
  const e = await parcel('#E', 'DK', { ...ups, status: 'return_to_sender', shipped_at: '2026-11-04T10:00:00Z', first_scan_at: '2026-11-09T10:00:00Z' });
  const f = await parcel('#F', 'US', {
    ...usps,
    status: 'delivered',
    shipped_at: '2026-11-05T15:00:00Z',
    first_scan_at: '2026-11-05T20:00:00Z',
    delivered_at: '2026-11-10T15:00:00Z',
    first_est_delivery_at: '2026-11-08T00:00:00Z',
    learned_est_delivery_at: '2026-11-11T00:00:00Z',
  });

  await buildIssue(db, e.shipment, { kind: 'stalled', opened_at: '2026-11-10T00:00:00Z', cleared_at: '2026-11-12T00:00:00Z' });
  await db
    .insertInto('disputes')
    .values({ shop_id: shopId, order_id: f.order.id, shipment_id: f.shipment.id, source: 'shopper', state: 'resolved', resolution: 'refunded', resolved_at: '2026-11-15T00:00:00Z' })
    .execute();
  const email = (p: typeof a, kind: string, state: 'sent' | 'failed' | 'suppressed', reason: string | null = null) => ({
    shop_id: shopId,
    shipment_id: p.shipment.id,
    order_id: p.order.id,
    kind,
    recipient: p.order.email!,
    state,
    suppressed_reason: reason,
    message_id: `<${kind}.${p.shipment.id}@test>`,
  });
  await db
    .insertInto('notifications')
    .values([email(a, 'shipped', 'sent'), email(b, 'shipped', 'failed'), email(e, 'stalled', 'suppressed', 'opt_out'), email(f, 'delivered', 'sent'), email(f, 'shipped', 'sent')])
    .execute();
  await db
    .insertInto('order_lookups')
    .values([
      { shop_id: shopId, order_id: a.order.id, day: '2026-11-03', lookups: 2 },
      { shop_id: shopId, order_id: a.order.id, day: '2026-11-04', lookups: 1 },
      { shop_id: shopId, order_id: f.order.id, day: '2026-11-09', lookups: 1 },
    ])
    .execute();
  return { a, b, c, e, f };
}
