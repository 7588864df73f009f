import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { findShipment } from '../../../db/shipments.repository.ts';
import { listTrackingEvents } from '../../../db/tracking-events.repository.ts';
import { startApp } from '../../support/app.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { readFixture } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/http.ts';
import { waitFor } from '../../support/wait.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';

const SECRET = 'whsec_sandbox_ünïcode';
const lifecycleB = 'easypost/lifecycle/B_usps_2023-04__trk_332473f471ea4fc5b05ccae55542345b';

function signedEvent(tracker: unknown, id: string) {
  const body = JSON.stringify({ object: 'Event', id, description: 'tracker.updated', mode: 'test', result: tracker });
  const signature = `hmac-sha256-hex=${createHmac('sha256', Buffer.from(SECRET.normalize('NFKD'))).update(body).digest('hex')}`;
  return { body, signature };
}

describe('tracker updates by webhook', () => {
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    ctx = await createTestContext({ EASYPOST_WEBHOOK_SECRET: SECRET, POLL_JITTER: '0' });
    server = await startApp(ctx);
    carrier = await startCarrier({ webhook: { url: `${server.url}/webhooks/easypost`, secret: SECRET } });
    Object.assign(ctx.config, carrierEnv(carrier));
    await ctx.startWorkers({ carrier: trackingApi({ ...ctx.config, ...carrierEnv(carrier), EASYPOST_MAX_RPS: 5000, EASYPOST_TIMEOUT_MS: 2000 }) });
  });
  afterEach(async () => {
    await carrier.close();
    await server.close();
    await ctx.close();
  });

  it('applies a signed tracker.updated pushed by the carrier, and polls only as a backstop afterwards', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const shipment = await buildShipment(ctx.db, order, { tracking_code: sandboxTrackingCode('delivered', 7001) });
    const check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi({ ...ctx.config, EASYPOST_MAX_RPS: 5000, EASYPOST_TIMEOUT_MS: 2000 }) };
    await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id));
    const tracked = (await findShipment(ctx.db, shipment.id))!;
    carrier.clock.advance(40 * 3_600_000);
    const push = await carrier.pushTrackerUpdated(tracked.tracker_id!);
    expect(push.status).to.equal(200);
    await waitFor(async () => (await findShipment(ctx.db, shipment.id))!.status !== tracked.status);
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(['in_transit', 'out_for_delivery', 'delivered']).to.include(after.status);
    if (after.next_check_at) {
      expect(after.next_check_at.getTime() - Date.now()).to.be.at.least(ctx.config.POLL_BACKSTOP_HOURS * 3_600_000 - 60_000);
    }
  });

  it('never moves a shipment backwards when an older snapshot arrives after a newer one', async () => {
    const delivered = readFixture(`${lifecycleB}/04_delivered.json`) as { id: string; tracking_code: string };
    const inTransit = readFixture(`${lifecycleB}/03_in_transit.json`);
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const shipment = await buildShipment(ctx.db, order, { tracking_code: delivered.tracking_code, tracker_id: delivered.id });
    const post = (event: { body: string; signature: string }) =>
      fetch(`${server.url}/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hmac-signature': event.signature }, body: event.body });

    expect((await post(signedEvent(delivered, 'evt_new'))).status).to.equal(200);
    await waitFor(async () => (await findShipment(ctx.db, shipment.id))!.status === 'delivered');
    const eventsAfterNewest = (await listTrackingEvents(ctx.db, shipment.id)).length;

    expect((await post(signedEvent(inTransit, 'evt_old'))).status).to.equal(200);
    await waitFor(async () => {
      const jobs = await (await ctx.queue()).boss.findJobs('apply-tracker-webhook');
      return jobs.length === 2 && jobs.every((j) => j.state === 'completed');
    });
    const after = (await findShipment(ctx.db, shipment.id))!;
    expect(after.status).to.equal('delivered');
    expect(after.delivered_at).to.be.instanceOf(Date);
    expect((await listTrackingEvents(ctx.db, shipment.id)).length).to.equal(eventsAfterNewest);
  });
});
