import { expect } from 'chai';
import { createMailer } from '../../../emails/transport.ts';
import { createNotificationMailer } from '../../../jobs/notifications/email-mailer.ts';
import { deliverNotification } from '../../../jobs/notifications/deliver.ts';
import { checkShipment } from '../../../jobs/tracking/check-shipment.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { seedDeliveredNotifications } from '../../support/notifications.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';

describe('GET /metrics', () => {
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  let server: TestServer;
  before(async () => {
    carrier = await startCarrier();
    ctx = await createTestContext(carrierEnv(carrier));
    server = await startApp(ctx);
  });
  after(async () => {
    await server.close();
    await ctx.close();
    await carrier.close();
  });

  it('exposes HTTP latency by route, jobs, EasyPost calls, emails, shipments by status and open disputes', async () => {
    await fetch(`${server.url}/api/v1/lookup?order=1&email=a@b.c`);
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const shipment = await buildShipment(ctx.db, order, { tracking_code: 'EZ2000000002' });
    await checkShipment({ db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) }, shipment.id, await makeDue(ctx.db, shipment.id));
    const [notificationId] = await seedDeliveredNotifications(ctx, 1);
    await deliverNotification(ctx.db, createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, createMailer({ smtpUrl: null }, ctx.db)), notificationId, ctx.logger);

    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).to.include('text/plain');
    const text = await res.text();
    expect(text).to.match(/whereabouts_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/lookup"[^}]*status="404"/);
    expect(text).to.match(/whereabouts_easypost_calls_total\{operation="create_tracker",status="\d+"\} 1/);
    expect(text).to.match(/whereabouts_emails_total\{kind="delivered",outcome="sent"\} \d+/);
    expect(text).to.match(/whereabouts_shipments\{status="in_transit"\} 1/);
    expect(text).to.match(/whereabouts_open_disputes 0/);
    expect(text).to.include('whereabouts_jobs_processed_total');
  });
});
