import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/database.ts';
import { estimateForShipment, learnDeliveryEstimates } from '../../db/delivery-estimates.repository.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import { parseConfig } from '../../core/config.ts';
import { usualDay } from '../../domain/tracking/learned-estimate.ts';
import { parseTracker } from '../../domain/tracking/tracker-snapshot.ts';
import { hashString } from '../../sandbox/carrier/random.ts';
import { renderTracker } from '../../sandbox/carrier/render.ts';
import { scenarioForCode } from '../../sandbox/carrier/scenarios.ts';

// A backtest of the learned delivery estimate over the sandbox carrier's history: parcels shipped
// every day for --days days, with the sandbox's own mix of deliveries, delays and trouble, read
// through the service's real tracker parsing. From --warmup days on, each night learns from what was
// delivered so far (as the nightly job does), and each parcel first scanned the next day gets its
// learned date. Both that date and the carrier's own est_delivery_date are then compared with the day
// the parcel was delivered, on the same parcels: the mean absolute error in days, and how often the
// parcel came after the date (late).
//
//   npm run bench:estimate [-- --parcels 6000 --days 150 --warmup 60 --min-samples 30]

const { values: args } = parseArgs({
  options: {
    parcels: { type: 'string', default: '6000' },
    days: { type: 'string', default: '150' },
    warmup: { type: 'string', default: '60' },
    'min-samples': { type: 'string', default: '30' },
  },
});
const parcels = Number(args.parcels);
const days = Number(args.days);
const warmup = Number(args.warmup);
const minSamples = Number(args['min-samples']);
const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5);
const carriers = ['USPS', 'UPS', 'FedEx', 'DHLExpress'];
const regions = ['941', '100', '606', '331', '981'];

const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-estimate-bench-'));
const database = await openDatabase(parseConfig({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: dataDir }));
const { db } = database;
try {
  await migrateToLatest(db);
  const shop = await ensureShop(db, `whereabouts-estimate-bench-${Date.now()}.myshopify.com`, 'Estimate bench');

  // The sandbox's history: each parcel's tracker as the carrier shows it long after the last scan.
  const rows = [];
  for (let n = 0; n < parcels; n++) {
    const code = `BT${String(n).padStart(12, '0')}`;
    const scenario = scenarioForCode(code);
    if (!scenario) continue;
    const carrier = carriers[hashString(code, 7) % carriers.length];
    const createdAt = start + Math.floor((n / parcels) * days * DAY) + (hashString(code, 3) % 8) * 3_600_000;
    const record = { id: `trk_bench${n}`, code, carrier, script: scenario, createdAt, seq: n, olderWithSameCode: undefined, announcedScans: 0 };
    const snapshot = parseTracker(JSON.parse(JSON.stringify(renderTracker(record, createdAt + 60 * DAY))));
    const international = scenario === 'international';
    const zip = `${regions[hashString(code, 5) % regions.length]}${String(hashString(code, 9) % 100).padStart(2, '0')}`;
    rows.push({ code, snapshot, country: international ? 'DK' : 'US', zip: international ? '2100' : zip });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const orders = await db
      .insertInto('orders')
      .values(batch.map((r) => ({ shop_id: shop.id, shopify_id: r.code, name: `#${r.code}`, postal_code: r.zip, shipping_address: JSON.stringify({ countryCodeV2: r.country, zip: r.zip }) })))
      .returning(['id', 'shopify_id'])
      .execute();
    const orderOf = new Map(orders.map((o) => [o.shopify_id, o.id]));
    await db
      .insertInto('shipments')
      .values(
        batch.map((r) => ({
          shop_id: shop.id,
          order_id: orderOf.get(r.code)!,
          tracking_code: r.code,
          carrier: r.snapshot.carrier,
          service: r.snapshot.service,
          status: r.snapshot.status,
          first_scan_at: r.snapshot.firstScanAt,
          delivered_at: r.snapshot.deliveredAt,
          est_delivery_at: r.snapshot.estDeliveryAt,
          first_est_delivery_at: r.snapshot.estDeliveryAt,
        })),
      )
      .execute();
  }

  // Night after night: learn from what was delivered by then, then date the next day's first scans.
  const dayOf = (at: Date) => Math.floor(at.getTime() / DAY);
  const ids = new Map((await db.selectFrom('shipments').select(['id', 'tracking_code']).where('shop_id', '=', shop.id).execute()).map((s) => [s.tracking_code, s.id]));
  const compared: Array<{ learned: number; carrier: number; delivered: number }> = [];
  for (let night = warmup; night < days; night++) {
    const now = new Date(start + night * DAY);
    await learnDeliveryEstimates(db, shop.id, 'US', minSamples, new Date(now.getTime() - 180 * DAY), now);
    const next = rows.filter((r) => r.snapshot.firstScanAt && r.snapshot.firstScanAt >= now && r.snapshot.firstScanAt.getTime() < now.getTime() + DAY);
    for (const r of next) {
      const { firstScanAt, deliveredAt, estDeliveryAt } = r.snapshot;
      if (!deliveredAt || !estDeliveryAt) continue;
      const learned = await estimateForShipment(db, ids.get(r.code)!, 'US');
      if (!learned) continue;
      compared.push({ learned: dayOf(usualDay(firstScanAt!, learned.days)), carrier: dayOf(estDeliveryAt), delivered: dayOf(deliveredAt) });
    }
  }

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const round = (n: number) => n.toFixed(2);
  const learnedMae = mean(compared.map((c) => Math.abs(c.delivered - c.learned)));
  const carrierMae = mean(compared.map((c) => Math.abs(c.delivered - c.carrier)));
  const learnedLate = mean(compared.map((c) => (c.delivered > c.learned ? 1 : 0)));
  const carrierLate = mean(compared.map((c) => (c.delivered > c.carrier ? 1 : 0)));
  console.log(`parcels=${rows.length} compared=${compared.length} days=${days} warmup=${warmup} min_samples=${minSamples} database=${database.kind} carrier_late_share=${round(carrierLate)}`);
  console.log(`bench:estimate learned_mae_days=${round(learnedMae)} carrier_mae_days=${round(carrierMae)} learned_late_share=${round(learnedLate)}`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
