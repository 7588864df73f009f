import { expect } from 'chai';
import { listCarrierThresholds, shipmentsToSweep } from '../../../db/detection.repository.ts';
import { quickestStallHours, stallFloorHours } from '../../../domain/detection/stall-threshold.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { quietCutoffs, sweepCutoffs } from '../../../domain/detection/sweep-cutoffs.ts';
import { sweepDetectionJob } from '../../../jobs/sweep-detection.job.ts';
import { useTrackingClock } from '../../../core/clock.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildIssue, buildOrder, buildShipment } from '../../support/factories.ts';

const HOUR = 3_600_000;

// The time-based rules' sweep: it evaluates the shipments whose rule may have come true since, and
// leaves alone those whose episode is already open (only a tracking change can end it), so a shop with
// thousands of quiet parcels is not re-read every five minutes.
describe('the sweep of time-based rules', () => {
  let ctx: TestContext;
  let order: Order;
  const now = new Date('2026-11-20T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);

  beforeEach(async () => {
    ctx = await createTestContext({ STALL_AFTER_HOURS: '48', STALL_AFTER_HOURS_INTERNATIONAL: '96', NEVER_SCANNED_DAYS: '3', LATE_GRACE_HOURS: '0', EMAIL_SHIPPED: 'false', STALL_LEARNED_MIN_SAMPLES: '10', STALL_CARRIER_HOURS: 'FedEx=60' });
    order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com' });
    useTrackingClock(() => now);
  });
  afterEach(async () => {
    useTrackingClock(() => new Date());
    await ctx.close();
  });

  const candidates = async () =>
    new Set(await shipmentsToSweep(ctx.db, ctx.shop.id, sweepCutoffs(ctx.config, await listCarrierThresholds(ctx.db, ctx.shop.id), now), null, 100));
  const sweep = async () => {
    const queue = await ctx.queue();
    await sweepDetectionJob.run({}, { db: ctx.db, config: ctx.config, logger: ctx.logger, queue, shopId: ctx.shop.id, carrier: undefined, shopify: undefined, mailer: undefined }, { id: 'sweep', retryCount: 0, signal: new AbortController().signal });
  };
  const openIssues = async (shipment: Shipment) =>
    (await ctx.db.selectFrom('shipment_issues').select(['kind', 'episode']).where('shipment_id', '=', shipment.id).where('cleared_at', 'is', null).execute()).map((i) => `${i.kind}#${i.episode}`);

  it('evaluates a parcel once when a rule comes true, then not again while its episode is open', async () => {
    const quiet = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(50), created_at: hoursAgo(80) });
    const moving = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(2), created_at: hoursAgo(80) });
    const unscanned = await buildShipment(ctx.db, order, { status: 'pre_transit', last_scan_at: null, created_at: hoursAgo(80) });
    const overdue = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(1), est_delivery_at: hoursAgo(30) });
    const delivered = await buildShipment(ctx.db, order, { status: 'delivered', last_scan_at: hoursAgo(60), est_delivery_at: hoursAgo(90) });

    const before = await candidates();
    expect([quiet, unscanned, overdue].every((s) => before.has(s.id))).to.equal(true);
    expect(before.has(moving.id) || before.has(delivered.id)).to.equal(false);

    await sweep();
    expect(await openIssues(quiet)).to.deep.equal(['stalled#1']);
    expect(await openIssues(unscanned)).to.deep.equal(['never_scanned#1']);
    expect(await openIssues(overdue)).to.deep.equal(['late#1']);
    expect(await openIssues(moving)).to.deep.equal([]);
    expect(await candidates()).to.deep.equal(new Set());
  });

  it('takes a parcel up again once its episode has ended and the rule comes true anew', async () => {
    const quiet = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(50), created_at: hoursAgo(80) });
    await sweep();
    expect(await candidates()).to.deep.equal(new Set());

    // A tracking change ended the episode (the parcel moved), and it has been quiet again since.
    await ctx.db.updateTable('shipment_issues').set({ cleared_at: hoursAgo(49) }).where('shipment_id', '=', quiet.id).execute();
    expect(await candidates()).to.deep.equal(new Set([quiet.id]));
    await sweep();
    expect(await openIssues(quiet)).to.deep.equal(['stalled#2']);
  });

  it('leaves alone a parcel whose returning episode is open: no stall or lateness applies to it', async () => {
    const returning = await buildShipment(ctx.db, order, { status: 'in_transit', status_detail: 'return', last_scan_at: hoursAgo(50), est_delivery_at: hoursAgo(100) });
    expect(await candidates()).to.deep.equal(new Set([returning.id]));
    await sweep();
    expect(await openIssues(returning)).to.deep.equal(['returning#1']);
    expect(await candidates(), 'the clock alone changes nothing for it').to.deep.equal(new Set());
  });

  it('still evaluates a late parcel whose stall episode is open', async () => {
    const both = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(50), est_delivery_at: hoursAgo(100) });
    await buildIssue(ctx.db, both, { kind: 'stalled', opened_at: hoursAgo(2), details: JSON.stringify({ situation: 'no_new_scan' }) });
    expect(await candidates()).to.deep.equal(new Set([both.id]));
    await sweep();
    expect((await openIssues(both)).sort()).to.deep.equal(['late#1', 'stalled#1']);
  });

  it('takes a stall up again when its promised follow-up is due, and a silent parcel when it is presumed lost, once each', async () => {
    const silent = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(6 * 24), created_at: hoursAgo(7 * 24) });
    await buildIssue(ctx.db, silent, { kind: 'stalled', opened_at: hoursAgo(4 * 24), details: JSON.stringify({ situation: 'no_new_scan', lastScanAt: hoursAgo(6 * 24).toISOString() }) });
    // Opened four days ago, the three-day window has passed: the follow-up is due.
    expect(await candidates()).to.deep.equal(new Set([silent.id]));
    await sweep();
    expect((await ctx.db.selectFrom('notifications').select('kind').where('shipment_id', '=', silent.id).execute()).map((n) => n.kind)).to.deep.equal(['follow_up']);
    expect(await candidates()).to.deep.equal(new Set());

    // A day later it has been silent for seven: presumed lost, then left alone while the case is open.
    useTrackingClock(() => new Date(now.getTime() + 24 * HOUR));
    expect(new Set(await shipmentsToSweep(ctx.db, ctx.shop.id, sweepCutoffs(ctx.config, [], new Date(now.getTime() + 24 * HOUR)), null, 100))).to.deep.equal(new Set([silent.id]));
    await sweep();
    expect((await openIssues(silent)).sort()).to.deep.equal(['lost#1', 'stalled#1']);
    expect(await shipmentsToSweep(ctx.db, ctx.shop.id, sweepCutoffs(ctx.config, [], new Date(now.getTime() + 24 * HOUR)), null, 100)).to.deep.equal([]);
  });

  it('takes up a parcel whose tracking expired without news, once', async () => {
    const expired = await buildShipment(ctx.db, order, { status: 'unknown', last_scan_at: null, created_at: hoursAgo(31 * 24), last_change_at: hoursAgo(30 * 24) });
    await buildIssue(ctx.db, expired, { kind: 'never_scanned', opened_at: hoursAgo(27 * 24), details: JSON.stringify({ situation: 'no_scan' }) });
    // A code the carrier refused was never tracked: its silence is no lost parcel.
    const refused = await buildShipment(ctx.db, order, { status: 'unknown', last_scan_at: null, created_at: hoursAgo(31 * 24), attention: 'invalid_tracking_code', next_check_at: null });
    await buildIssue(ctx.db, refused, { kind: 'never_scanned', opened_at: hoursAgo(27 * 24), details: JSON.stringify({ situation: 'no_scan' }) });
    // Silent for twice the expiry and more: history, left alone.
    const ancient = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: hoursAgo(61 * 24), created_at: hoursAgo(65 * 24), last_change_at: hoursAgo(61 * 24) });
    await buildIssue(ctx.db, ancient, { kind: 'stalled', opened_at: hoursAgo(58 * 24), followed_up_at: hoursAgo(55 * 24), details: JSON.stringify({ situation: 'no_new_scan' }) });
    expect(await candidates()).to.deep.equal(new Set([expired.id]));
    await sweep();
    expect((await openIssues(expired)).sort()).to.deep.equal(['lost#1', 'never_scanned#1']);
    expect(await candidates()).to.deep.equal(new Set());
  });

  it('bounds each carrier by its own quickest threshold: configured, learned or the default', async () => {
    // USPS learned 30 h from enough scan gaps; FedEx configured 60 h; any other carrier 48 h (domestic).
    await ctx.db.insertInto('carrier_thresholds').values({ shop_id: ctx.shop.id, carrier: 'USPS', scope: 'domestic', stall_hours: 30, samples: 50, percentile_hours: 30, computed_at: now }).execute();
    const usps = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS', last_scan_at: hoursAgo(31) });
    const ups = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'UPS', last_scan_at: hoursAgo(31) });
    const fedexEarly = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'FedEx', last_scan_at: hoursAgo(50) });
    const fedexLate = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'fedex', last_scan_at: hoursAgo(61) });
    const unknown = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: null, last_scan_at: hoursAgo(49) });

    const learned = await listCarrierThresholds(ctx.db, ctx.shop.id);
    const quickest = quickestStallHours(ctx.config, learned);
    expect(Object.fromEntries(quickest.byCarrier)).to.deep.equal({ fedex: 60, usps: 30 });
    expect(quickest.otherwise).to.equal(48);
    // No parcel quiet for less than a day can be stalled here (STALL_LEARNED_MIN_HOURS): evaluating
    // a fresher one reads no learned threshold.
    expect(stallFloorHours(ctx.config)).to.equal(24);
    expect(quietCutoffs(ctx.config, learned, now).byCarrier.get('usps')).to.deep.equal(hoursAgo(30));
    expect(await candidates()).to.deep.equal(new Set([usps.id, fedexLate.id, unknown.id]));

    await sweep();
    for (const stalled of [usps, fedexLate, unknown]) expect(await openIssues(stalled)).to.deep.equal(['stalled#1']);
  });
});
