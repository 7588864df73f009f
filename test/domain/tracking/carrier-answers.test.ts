import { expect } from 'chai';
import { findOrderById } from '../../../db/orders.repository.ts';
import { findShipment } from '../../../db/shipments.repository.ts';
import { composeNotification } from '../../../domain/notifications/compose.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
import type { JobContext } from '../../../jobs/job.ts';
import { sandboxTrackingCode, type ScenarioName } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';

const HOUR = 3_600_000;

// What the service does with EasyPost's harder answers: trackers in status error, carrier outages
// reported as 400, lost parcels and delays the carrier declares.
describe('reading EasyPost’s harder answers', () => {
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
    ctx = await createTestContext(carrierEnv(carrier, { SUPPORT_EMAIL: 'support@shop.example', EMAIL_SHIPPED: 'true', POLL_FAILURES_BEFORE_FLAG: '3', POLL_ERROR_MAX_CHECKS: '3' }));
    check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) };
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function shipmentFor(scenario: ScenarioName) {
    const order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com' });
    return buildShipment(ctx.db, order, { tracking_code: sandboxTrackingCode(scenario, ++serial), declared_carrier: 'USPS' });
  }
  const checkNow = async (id: string) => checkShipment(check, id, await makeDue(ctx.db, id));
  const current = async (id: string) => (await findShipment(ctx.db, id))!;
  const issues = (id: string) => ctx.db.selectFrom('shipment_issues').select(['kind']).where('shipment_id', '=', id).where('cleared_at', 'is', null).execute();
  const notifications = (id: string) => ctx.db.selectFrom('notifications').selectAll().where('shipment_id', '=', id).orderBy('created_at').execute();

  it('treats a tracker in status error as no scan: support is told the carrier’s words, the shopper nothing, and checks stop after a few', async () => {
    const shipment = await shipmentFor('error');
    expect(await checkNow(shipment.id)).to.equal('checked');
    let after = await current(shipment.id);
    expect(after).to.include({ status: 'error', last_scan_at: null, check_failures: 1, attention: null });
    expect(after.last_error).to.match(/^carrier_error: In test mode, only test tracking numbers are valid/);
    expect(after.next_check_at).to.be.instanceOf(Date);
    expect((await issues(shipment.id)).map((i) => i.kind)).to.deep.equal(['tracking_error']);
    const sent = await notifications(shipment.id);
    expect(sent.map((n) => [n.kind, n.recipient])).to.deep.equal([['alert:tracking_error', 'support@shop.example']]);
    const order = await findOrderById(ctx.db, shipment.order_id);
    const alert = await composeNotification(ctx.db, sent[0], after, order, { config: ctx.config, secretKey: 'k'.repeat(32) });
    expect(alert.props).to.deep.include({ alert: 'tracking_error' });
    expect((alert.props as { detail: string }).detail).to.match(/^In test mode, only test tracking numbers are valid/);

    carrier.clock.advance(2 * HOUR);
    await checkNow(shipment.id);
    carrier.clock.advance(4 * HOUR);
    await checkNow(shipment.id);
    after = await current(shipment.id);
    expect(after).to.include({ status: 'error', check_failures: 3, next_check_at: null, attention: null });
    expect(await notifications(shipment.id)).to.have.length(1);
  });

  it('retries an existing tracker through a carrier outage reported as 400, flags it after repeated failures, and lifts the flag once it answers', async () => {
    const shipment = await shipmentFor('delivered');
    expect(await checkNow(shipment.id)).to.equal('checked');
    const trackerId = (await current(shipment.id)).tracker_id;
    carrier.setFaults({ rate: 1, kinds: ['400_outage'] });
    for (let failure = 1; failure <= 3; failure++) {
      const started = Date.now();
      expect(await checkNow(shipment.id)).to.equal('failed');
      const after = await current(shipment.id);
      expect(after).to.include({ tracker_id: trackerId, check_failures: failure, attention: failure < 3 ? null : 'carrier_failing' });
      expect(after.last_error).to.match(/^transient: /);
      expect(after.next_check_at!.getTime()).to.be.within(started, started + 2 * HOUR);
    }
    carrier.setFaults(null);
    expect(await checkNow(shipment.id)).to.equal('checked');
    expect(await current(shipment.id)).to.include({ check_failures: 0, attention: null, last_error: null });
  });

  it('does not give up on a code when creating its tracker meets an outage, only on EasyPost’s invalid-code refusal', async () => {
    const shipment = await shipmentFor('delivered');
    carrier.setFaults({ rate: 1, kinds: ['400_outage'] });
    expect(await checkNow(shipment.id)).to.equal('failed');
    expect(await current(shipment.id)).to.include({ attention: null, tracker_id: null, check_failures: 1 });
    expect((await current(shipment.id)).next_check_at).to.be.instanceOf(Date);
    carrier.setFaults(null);
    const refused = await buildShipment(ctx.db, await buildOrder(ctx.db, ctx.shop.id), { tracking_code: 'SBINV000000077', declared_carrier: 'USPS' });
    expect(await checkNow(refused.id)).to.equal('failed');
    expect(await current(refused.id)).to.include({ attention: 'invalid_tracking_code', next_check_at: null });
  });

  it('files a lost parcel as lost, a presumed-lost case for support, not as returning', async () => {
    const shipment = await shipmentFor('lost');
    await checkNow(shipment.id);
    carrier.clock.advance(8 * 24 * HOUR);
    await checkNow(shipment.id);
    expect(await current(shipment.id)).to.include({ status: 'failure', status_detail: 'lost' });
    expect((await issues(shipment.id)).map((i) => i.kind)).to.deep.equal(['lost_or_damaged', 'lost']);
    const [lostCase] = await ctx.db.selectFrom('disputes').select(['source', 'state']).where('shipment_id', '=', shipment.id).execute();
    expect(lostCase).to.deep.equal({ source: 'lost', state: 'open' });
    // One alert, the case's; the shopper is not emailed until support decides.
    expect((await notifications(shipment.id)).map((n) => n.kind)).to.deep.equal(['alert:presumed_lost', 'shipped']);
  });

  it('tells the shopper of a delay the carrier declares at once, in the delayed email', async () => {
    const shipment = await shipmentFor('weather_delay');
    await checkNow(shipment.id);
    carrier.clock.advance(24 * HOUR);
    await checkNow(shipment.id);
    const after = await current(shipment.id);
    expect(after).to.include({ status: 'in_transit', status_detail: 'weather_delay' });
    expect((await issues(shipment.id)).map((i) => i.kind)).to.deep.equal(['carrier_delay']);
    const sent = await notifications(shipment.id);
    expect(sent.map((n) => n.kind).sort()).to.deep.equal(['carrier_delay', 'shipped']);
    const order = await findOrderById(ctx.db, shipment.order_id);
    const email = await composeNotification(ctx.db, sent.find((n) => n.kind === 'carrier_delay')!, after, order, { config: ctx.config, secretKey: 'k'.repeat(32) });
    expect(email.kind).to.equal('delayed');
    expect(email.props).to.deep.include({ reason: 'carrier' });
  });
});
