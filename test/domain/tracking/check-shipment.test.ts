import { expect } from 'chai';
import { findShipment } from '../../../db/shipments.repository.ts';
import { listTrackingEvents } from '../../../db/tracking-events.repository.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
import type { JobContext } from '../../../jobs/job.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';

const HOUR = 3_600_000;

describe('checking a shipment with the carrier', () => {
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  let check: Pick<JobContext, 'db' | 'config' | 'logger' | 'queue' | 'carrier'>;
  let serial = 0;

  before(async () => {
    carrier = await startCarrier();
  });
  after(async () => {
    await carrier.close();
  });
  beforeEach(async () => {
    carrier.setFaults(null);
    ctx = await createTestContext(carrierEnv(carrier));
    check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) };
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function shipmentFor(trackingCode: string, declaredCarrier: string | null = 'USPS') {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    return buildShipment(ctx.db, order, { tracking_code: trackingCode, declared_carrier: declaredCarrier });
  }
  async function checkNow(id: string) {
    return checkShipment(check, id, await makeDue(ctx.db, id));
  }

  it('creates the tracker on the first check, then only retrieves it', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
    expect(await checkNow(shipment.id)).to.equal('checked');
    carrier.clock.advance(20 * HOUR);
    expect(await checkNow(shipment.id)).to.equal('checked');
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(after.tracker_id).to.match(/^trk_/);
    expect(after.status).to.equal('in_transit');
    expect(after.checks).to.equal(2);
    expect(after.next_check_at!.getTime()).to.be.greaterThan(Date.now());
    expect(after.check_leased_until).to.equal(null);
    const created = carrier.stats().trackersCreated;
    expect(await checkNow(shipment.id)).to.equal('checked');
    expect(carrier.stats().trackersCreated).to.equal(created);
    expect((await findShipment(ctx.db, shipment.id))!.tracker_id).to.equal(after.tracker_id);
  });

  it('follows a parcel to delivery: events only grow, and tracking stops when delivered', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
    const seen: string[] = [];
    let events = 0;
    for (let step = 0; step < 12; step++) {
      await checkNow(shipment.id);
      const now = (await findShipment(ctx.db, shipment.id))!;
      if (seen[seen.length - 1] !== now.status) seen.push(now.status);
      const stored = (await listTrackingEvents(ctx.db, shipment.id)).length;
      expect(stored).to.be.at.least(events);
      events = stored;
      if (now.status === 'delivered') break;
      carrier.clock.advance(8 * HOUR);
    }
    expect(seen).to.include.members(['in_transit', 'delivered']);
    expect(seen.indexOf('in_transit')).to.be.lessThan(seen.indexOf('delivered'));
    const done = (await findShipment(ctx.db, shipment.id))!;
    expect(done.delivered_at).to.be.instanceOf(Date);
    expect(done.next_check_at).to.equal(null);
    expect(done.last_scan_at).to.be.instanceOf(Date);
    expect(done.attention).to.equal(null);
  });

  const testCodes: Array<[string, string]> = [
    ['EZ1000000001', 'pre_transit'],
    ['EZ2000000002', 'in_transit'],
    ['EZ3000000003', 'out_for_delivery'],
    ['EZ4000000004', 'delivered'],
    ['EZ5000000005', 'return_to_sender'],
    ['EZ6000000006', 'failure'],
    ['EZ7000000007', 'unknown'],
  ];
  for (const [code, status] of testCodes) {
    it(`stores EasyPost test code ${code} as ${status}`, async () => {
      const shipment = await shipmentFor(code);
      expect(await checkNow(shipment.id)).to.equal('checked');
      const after = (await findShipment(ctx.db, shipment.id))!;
      expect(after.status).to.equal(status);
      const terminal = ['delivered', 'failure'].includes(status);
      expect(after.next_check_at === null).to.equal(terminal);
    });
  }

  it('flags a tracking code the carrier refuses and stops checking it', async () => {
    const shipment = await shipmentFor('SBINV000000001');
    expect(await checkNow(shipment.id)).to.equal('failed');
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(after.attention).to.equal('invalid_tracking_code');
    expect(after.next_check_at).to.equal(null);
    expect(after.last_error).to.match(/^invalid/);
  });

  it('flags a parcel that another carrier tracks (a recycled code)', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('mismatch', ++serial), 'UPS');
    expect(await checkNow(shipment.id)).to.equal('checked');
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(after.carrier).to.not.equal('UPS');
    expect(after.attention).to.equal('carrier_mismatch');
  });

  it('honours Retry-After when rate limited', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
    carrier.setFaults({ rate: 1, kinds: ['429'], retryAfterSeconds: 120 });
    const started = Date.now();
    expect(await checkNow(shipment.id)).to.equal('failed');
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(after.next_check_at!.getTime()).to.be.at.least(started + 120_000);
    expect(after.check_failures).to.equal(1);
    expect(after.check_leased_until).to.equal(null);
    expect(after.tracker_id).to.equal(null);
  });

  for (const kind of ['500', '502_html', '503_empty', 'malformed_json', 'timeout'] as const) {
    it(`reschedules soon, without crashing, when the carrier answers ${kind}`, async () => {
      const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
      carrier.setFaults({ rate: 1, kinds: [kind], timeoutMs: 3000 });
      const started = Date.now();
      expect(await checkNow(shipment.id)).to.equal('failed');
      const after = (await findShipment(ctx.db, shipment.id))!;
      expect(after.check_failures).to.equal(1);
      expect(after.next_check_at!.getTime()).to.be.within(started, started + HOUR);
      expect(after.last_error).to.match(/^transient/);
      carrier.setFaults(null);
      expect(await checkNow(shipment.id)).to.equal('checked');
      expect((await findShipment(ctx.db, shipment.id))!.check_failures).to.equal(0);
    });
  }

  it('does nothing for a hand-out that is no longer due', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
    const due = await makeDue(ctx.db, shipment.id);
    await makeDue(ctx.db, shipment.id, new Date(due.getTime() + 60_000));
    const before = carrier.stats().requests;
    expect(await checkShipment(check, shipment.id, due)).to.equal('stale');
    expect(carrier.stats().requests).to.equal(before);
  });

  it('creates one tracker and counts one check when two runs race for the same due time', async () => {
    const shipment = await shipmentFor(sandboxTrackingCode('delivered', ++serial));
    const due = await makeDue(ctx.db, shipment.id);
    const created = carrier.stats().trackersCreated;
    const outcomes = await Promise.all([checkShipment(check, shipment.id, due), checkShipment(check, shipment.id, due)]);
    expect(outcomes.sort()).to.deep.equal(['checked', 'stale']);
    expect(carrier.stats().trackersCreated).to.equal(created + 1);
    expect((await findShipment(ctx.db, shipment.id))!.checks).to.equal(1);
  });
});
