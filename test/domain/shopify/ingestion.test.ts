import { expect } from 'chai';
import { countOrders } from '../../../db/orders.repository.ts';
import { countReceipts } from '../../../db/webhook-receipts.repository.ts';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../../../domain/shopify/reconcile-orders.ts';
import type { SandboxShop, WebhookOptions } from '../../../sandbox/shop/server.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { freePort, type TestServer } from '../../support/http.ts';
import { shopEnv, startShop } from '../../support/shopify.ts';
import { waitFor } from '../../support/wait.ts';

describe('Shopify ingestion through the sandbox shop', function () {
  this.timeout(90_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  let server: TestServer;
  let admin: ShopifyAdmin;

  let serial = 0;
  beforeEach(async () => {
    // The sandbox sends its webhooks to the app, so the app's port is chosen first.
    const port = await freePort();
    shop = await startShop({ webhookUrl: `http://127.0.0.1:${port}/webhooks/shopify`, shopDomain: `ingestion-${++serial}.myshopify.com` });
    ctx = await createTestContext(shopEnv(shop));
    server = await startApp(ctx, {}, port);
    admin = new ShopifyAdmin(ctx.config, ctx.logger);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
    await shop.close();
  });

  const shipments = (orderShopifyId: string) =>
    ctx.db
      .selectFrom('shipments')
      .innerJoin('orders', 'orders.id', 'shipments.order_id')
      .select(['shipments.tracking_code', 'shipments.retired_at', 'shipments.attention', 'shipments.declared_carrier'])
      .where('orders.shopify_id', '=', orderShopifyId)
      .orderBy('shipments.tracking_code')
      .execute();

  const deliver = (topic: string, subject: { orderId?: string; fulfillmentId?: string; body?: string }, options: WebhookOptions = {}) =>
    shop.sendWebhook(topic, subject, options);

  it('creates one order and one set of shipments from a webhook delivered ten times, answering fast', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = shop.createOrder({ email: 'lea@example.dk', locale: 'da' });
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000101', ' sbdlv0000000102 '], company: 'PostNord' });
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await deliver('fulfillments/create', { fulfillmentId: fulfillment.id }, { eventId: 'evt-same-fulfillment' }));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(200));
    expect(Math.max(...answers.map((a) => a.ms))).to.be.below(5000);
    await waitFor(async () => (await shipments(order.id)).length === 2);
    expect(await countOrders(ctx.db, ctx.shop.id)).to.equal(1);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(1);
    expect((await shipments(order.id)).map((s) => s.tracking_code)).to.deep.equal(['SBDLV0000000101', 'SBDLV0000000102']);
    const stored = await ctx.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
    expect(stored.shopify_id).to.equal(order.id);
    expect(BigInt(stored.shopify_id) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
  });

  it('refuses a tampered webhook with 401 and stores nothing anywhere', async () => {
    const order = shop.createOrder();
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000201'] });
    const tampered = await deliver('fulfillments/create', { fulfillmentId: fulfillment.id }, { tamper: true });
    const wrongSecret = await deliver('fulfillments/create', { fulfillmentId: fulfillment.id }, { secret: 'not-the-secret' });
    const missing = await deliver('fulfillments/create', { fulfillmentId: fulfillment.id }, { omitHeaders: ['X-Shopify-Hmac-Sha256'] });
    expect([tampered.status, wrongSecret.status, missing.status]).to.deep.equal([401, 401, 401]);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
    expect(await countOrders(ctx.db, ctx.shop.id)).to.equal(0);
    expect(await (await ctx.queue()).boss.findJobs('sync-shopify-order')).to.have.length(0);
  });

  it('answers 400 to malformed JSON with a valid signature, and 200 to a topic it does not handle', async () => {
    const malformed = await deliver('orders/updated', { body: '{"id": 12, "name": ' });
    expect(malformed.status).to.equal(400);
    const order = shop.createOrder();
    const other = await deliver('app/uninstalled', { orderId: order.id });
    expect(other.status).to.equal(200);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
  });

  it('retires the old shipment when the tracking number changes, and stops on cancellations', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = shop.createOrder();
    const first = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000301'], company: 'UPS' });
    const second = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000302'], company: null });
    await deliver('fulfillments/create', { fulfillmentId: first.id });
    await waitFor(async () => (await shipments(order.id)).length === 2);

    shop.updateFulfillmentTracking(first.id, { trackingNumbers: ['SBDLV0000000303'], company: 'UPS' });
    await deliver('fulfillments/update', { fulfillmentId: first.id });
    await waitFor(async () => (await shipments(order.id)).length === 3);
    expect((await shipments(order.id)).map((s) => [s.tracking_code, s.retired_at !== null])).to.deep.equal([
      ['SBDLV0000000301', true],
      ['SBDLV0000000302', false],
      ['SBDLV0000000303', false],
    ]);

    shop.cancelFulfillment(second.id);
    await deliver('fulfillments/update', { fulfillmentId: second.id });
    await waitFor(async () => (await shipments(order.id)).filter((s) => s.retired_at).length === 2);

    shop.cancelOrder(order.id);
    await deliver('orders/cancelled', { orderId: order.id });
    await waitFor(async () => (await shipments(order.id)).every((s) => s.retired_at));
    expect((await ctx.db.selectFrom('orders').select('cancelled_at').executeTakeFirstOrThrow()).cancelled_at).to.be.instanceOf(Date);
  });

  it('stores an order without tracking and refuses a garbage number with a flag', async () => {
    await ctx.startWorkers({ shopify: admin });
    const plain = shop.createOrder();
    const none = shop.createFulfillment(plain.id, { trackingNumbers: [] });
    const odd = shop.createOrder();
    const garbage = shop.createFulfillment(odd.id, { trackingNumbers: ['#☠1☢\n---\n4321\n'], company: 'UPS' });
    await deliver('fulfillments/create', { fulfillmentId: none.id });
    await deliver('fulfillments/create', { fulfillmentId: garbage.id });
    await waitFor(async () => (await countOrders(ctx.db, ctx.shop.id)) === 2 && (await shipments(odd.id)).length === 1);
    expect(await shipments(plain.id)).to.deep.equal([]);
    expect((await shipments(odd.id))[0].attention).to.equal('invalid_tracking_code');
  });

  it('brings in 200 fulfillments made while the service was down, exactly once, respecting throttling', async () => {
    for (let i = 0; i < 200; i++) {
      const order = shop.createOrder();
      shop.createFulfillment(order.id, { trackingNumbers: [`SBDLV${String(400000 + i).padStart(10, '0')}`] });
    }
    shop.throttleNext(2);
    shop.rateLimitNext(1, 1);
    const sync = () => reconcileOrders({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger }, { defaultSince: new Date(Date.now() - 86_400_000), pageSize: 15 });
    const progress = await sync();
    expect(progress.orders).to.equal(200);
    expect(await countOrders(ctx.db, ctx.shop.id)).to.equal(200);
    expect((await ctx.db.selectFrom('shipments').select('id').execute()).length).to.equal(200);
    const again = await sync();
    expect(again.added).to.equal(0);
    expect(await countOrders(ctx.db, ctx.shop.id)).to.equal(200);
    expect(shop.stats().throttled).to.be.at.least(2);
    expect(shop.stats().rateLimited).to.equal(1);
    const cursor = (await ctx.db.selectFrom('shops').select('sync_cursor').where('id', '=', ctx.shop.id).executeTakeFirstOrThrow()).sync_cursor;
    expect(cursor).to.be.a('string');
  });
});
