import { expect } from 'chai';
import { findShipment } from '../../../db/shipments.repository.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
import { ensureEasyPostWebhook } from '../../../domain/tracking/easypost-webhook.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testDatabaseKind } from '../../support/database.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';
import { waitFor } from '../../support/wait.ts';

// The whole loop: the service registers its own receiver with EasyPost (the sandbox carrier, started
// without a fixed webhook), and the tracker.updated EasyPost then sends is accepted and applied.

const SECRET = 'whsec_sandbox_ünïcode';

describe(`EasyPost webhook registered by the service (${testDatabaseKind})`, () => {
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    carrier = await startCarrier();
    ctx = await createTestContext(carrierEnv(carrier, { EASYPOST_WEBHOOK_SECRET: SECRET, POLL_JITTER: '0' }));
    server = await startApp(ctx);
    await ctx.startWorkers({ carrier: trackingApi(ctx.config) });
  });
  afterEach(async () => {
    await carrier.close();
    await server.close();
    await ctx.close();
  });

  it('receives and applies the tracker.updated that EasyPost sends to the webhook it registered', async () => {
    const url = `${server.url}/webhooks/easypost`;
    const { action } = await ensureEasyPostWebhook({ db: ctx.db, shopId: ctx.shop.id, config: ctx.config }, { url, secret: SECRET });
    expect(action).to.equal('created');

    const order = await buildOrder(ctx.db, ctx.shop.id);
    const shipment = await buildShipment(ctx.db, order, { tracking_code: sandboxTrackingCode('delivered', 7101) });
    const check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) };
    await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id));
    const tracked = (await findShipment(ctx.db, shipment.id))!;

    carrier.clock.advance(40 * 3_600_000);
    expect((await carrier.pushTrackerUpdated(tracked.tracker_id!)).status).to.equal(200);
    await waitFor(async () => (await findShipment(ctx.db, shipment.id))!.status !== tracked.status);
    expect(['in_transit', 'out_for_delivery', 'delivered']).to.include((await findShipment(ctx.db, shipment.id))!.status);
  });
});
