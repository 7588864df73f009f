import { expect } from 'chai';
import { createMailer } from '../../../emails/transport.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { deliverNotification } from '../../../domain/notifications/deliver.ts';
import { jobs } from '../../../jobs/registry.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
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

describe('GET /metrics: signs of a peak coming', () => {
  let ctx: TestContext;
  let server: TestServer;
  before(async () => {
    ctx = await createTestContext({ METRICS_GAUGE_SECONDS: '0' });
    server = await startApp(ctx);
  });
  after(async () => {
    await server.close();
    await ctx.close();
  });
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

  it('gives the job backlog by queue: queued jobs, and those a worker has taken', async () => {
    const queue = await ctx.queue();
    for (const shopifyOrderId of ['1001', '1002', '1003']) await queue.enqueue(ctx.db, jobs.syncShopifyOrder, { shopifyOrderId });
    await queue.enqueue(ctx.db, jobs.syncShopifyOrder, { shopifyOrderId: '1004' }, { startAfter: 3600 });
    const taken = await queue.boss.fetch('sync-shopify-order');
    expect(taken).to.have.length(1);

    const text = await scrape();
    expect(gauge(text, 'whereabouts_job_backlog\\{queue="sync-shopify-order",state="queued"\\}'), 'due and waiting; the deferred one is not').to.equal(2);
    expect(gauge(text, 'whereabouts_job_backlog\\{queue="sync-shopify-order",state="active"\\}')).to.equal(1);
    expect(gauge(text, 'whereabouts_job_backlog\\{queue="send-notification",state="queued"\\}'), 'an empty queue is listed').to.equal(0);
    expect(text, "pg-boss's own queues are left out").not.to.include('queue="__pgboss__');

    await queue.boss.complete('sync-shopify-order', taken[0].id);
    expect(gauge(await scrape(), 'whereabouts_job_backlog\\{queue="sync-shopify-order",state="active"\\}')).to.equal(0);
  });

  it('gives the event loop delay since the previous scrape, p50, p99 and the longest, which a blocked loop raises', async () => {
    const delay = (quantile: string) => `whereabouts_event_loop_delay_seconds\\{quantile="${quantile}"\\}`;
    await scrape();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blockedUntil = performance.now() + 300;
    while (performance.now() < blockedUntil);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = await scrape();
    expect(gauge(text, delay('0.5')), 'most ticks ran on time').to.be.below(0.1);
    expect(gauge(text, delay('0.99'))).to.be.at.least(0.25);
    expect(gauge(text, delay('1'))).to.be.at.least(0.25);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gauge(await scrape(), delay('1')), 'the next scrape starts afresh').to.be.below(0.25);
  });
});
