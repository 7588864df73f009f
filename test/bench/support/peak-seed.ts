import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { FIRST_NUMBER, seedLookups } from './lookup-seed.ts';

// The shop on the morning of a peak day: n orders (#1001 onwards, as the lookup seed makes them), each
// with one shipment on its way (none delivered yet), tracked through an EasyPost tracker whose webhooks
// arrive, its last scan within the last two days, expected in one to three days, and its "shipped"
// email sent. So no rule fires by itself during the run (nothing is stalled, late or unscanned), and
// every email the run sees was caused by one of its webhooks. The backstop poll of these shipments is
// due after the run (a poll needs a tracker the sandbox carrier holds; new fulfillments' trackers are).

export const peakTrackerId = (number: number) => `trk_peak${number}`;
export const PEAK_SCAN_PREFIX = 'Peak scan ';

export async function seedPeak(db: Db, shopId: string, shipments: number, now: Date): Promise<void> {
  await seedLookups(db, shopId, shipments, { deliveredTwentieths: 0 });
  await sql`
    update shipments s
    set tracker_id = 'trk_peak' || o.number,
        created_at = ${now}::timestamptz - interval '36 hours' - (o.number % 24) * interval '1 hour',
        last_scan_at = case when s.status = 'pre_transit' then null else ${now}::timestamptz - interval '1 hour' - (o.number % 40) * interval '1 hour' end,
        est_delivery_at = date_trunc('day', ${now}::timestamptz) + (1 + o.number % 3) * interval '1 day',
        next_check_at = ${now}::timestamptz + interval '8 hours' + (o.number % 480) * interval '1 minute'
    from orders o
    where o.id = s.order_id and s.shop_id = ${shopId}`.execute(db);
  await sql`
    insert into notifications (shop_id, shipment_id, order_id, kind, episode, recipient, locale, state, message_id, sent_at)
    select s.shop_id, s.id, o.id, 'shipped', 1, o.email, coalesce(o.customer_locale, 'en'), 'sent', '<peak-seed-' || s.id || '@example.com>', s.created_at
    from shipments s join orders o on o.id = s.order_id
    where s.shop_id = ${shopId} and s.status <> 'pre_transit'`.execute(db);
  await sql`analyze orders, shipments, tracking_events, notifications`.execute(db);
}

// The seeded orders an update may go to: those whose carrier EasyPost names as the shop does (USPS,
// UPS, FedEx), so an update is never taken for a carrier mismatch.
export function updateTargets(shipments: number, count: number): number[] {
  const candidates: number[] = [];
  for (let n = FIRST_NUMBER; n < FIRST_NUMBER + shipments; n++) if (n % 6 < 3) candidates.push(n);
  if (count > candidates.length) throw new Error(`${count} updates need ${Math.ceil(count * 2)} shipments or more (--shipments)`);
  return Array.from({ length: count }, (_, i) => candidates[Math.floor((i * candidates.length) / count)]);
}

export interface Effects {
  shipments: Set<string>;
  scans: Set<string>;
  // Webhooks whose job is still waiting or running: not applied yet, but not lost.
  queuedUpdates: Set<string>;
  queuedSyncs: number;
}

// What the run's webhooks left in the database: the tracking codes of the shipments made from its
// fulfillments, the scans its tracker updates added, and the jobs of either still in the job queue.
export async function effectsSeen(db: Db, shopId: string, trackingCodes: string[]): Promise<Effects> {
  const shipments = trackingCodes.length
    ? await db.selectFrom('shipments').select('tracking_code').where('shop_id', '=', shopId).where('tracking_code', 'in', trackingCodes).execute()
    : [];
  const scans = await db.selectFrom('tracking_events').select('message').where('shop_id', '=', shopId).where('message', 'like', `${PEAK_SCAN_PREFIX}%`).execute();
  const { rows: queued } = await sql<{ event_id: string }>`
    select r.event_id from webhook_receipts r
    join pgboss.job j on j.name = 'apply-tracker-webhook' and j.data->>'receiptId' = r.id::text and j.state in ('created', 'retry', 'active')
    where r.shop_id = ${shopId}`.execute(db);
  const { rows: syncs } = await sql<{ n: number }>`
    select count(*)::int as n from pgboss.job where name = 'sync-shopify-order' and state in ('created', 'retry', 'active')`.execute(db);
  return {
    shipments: new Set(shipments.map((s) => s.tracking_code)),
    scans: new Set(scans.map((s) => s.message ?? '')),
    queuedUpdates: new Set(queued.map((r) => r.event_id)),
    queuedSyncs: syncs[0]?.n ?? 0,
  };
}
