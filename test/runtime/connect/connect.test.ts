import { expect } from 'chai';
import { type CheckLine } from '../../../runtime/connect/check.ts';
import { connect } from '../../../runtime/connect/connect.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testDatabaseKind } from '../../support/database.ts';
import { CLIENT_ID, devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';
import { carrierEnv, startCarrier } from '../../support/tracking.ts';

const PUBLIC_URL = 'https://track.example-shop.com';
const TOPICS = ['FULFILLMENTS_CREATE', 'FULFILLMENTS_UPDATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED', 'DISPUTES_CREATE', 'DISPUTES_UPDATE'];

describe(`npm run cli -- connect, its checks (${testDatabaseKind})`, function () {
  this.timeout(60_000);
  let shop: SandboxShop;
  let carrier: SandboxCarrier;
  let ctx: TestContext;

  async function setUp(shopOptions: Parameters<typeof startDevDashboardShop>[0] = {}, env: Record<string, string> = {}) {
    shop = await startDevDashboardShop(shopOptions);
    carrier = await startCarrier();
    ctx = await createTestContext({
      ...devDashboardEnv(shop),
      ...carrierEnv(carrier),
      EASYPOST_WEBHOOK_SECRET: 'whsec_first',
      PUBLIC_URL,
      NODE_ENV: 'production',
      ...env,
    });
  }
  afterEach(async () => {
    await ctx?.close();
    await shop?.close();
    await carrier?.close();
  });

  async function run(config = ctx.config): Promise<{ ok: boolean; lines: CheckLine[]; text: string }> {
    const lines: CheckLine[] = [];
    const ok = await connect({ config, db: ctx.db, shopId: ctx.shop.id, logger: ctx.logger }, (line) => lines.push(line));
    return { ok, lines, text: lines.map((l) => `${l.status} ${l.text}`).join('\n') };
  }
  const ours = () => shop.webhookSubscriptions().filter((s) => s.app === CLIENT_ID);

  it('makes one subscription per topic and the EasyPost webhook, and changes nothing the second time', async () => {
    await setUp();
    shop.createOrder({ email: 'mads@example.dk' });
    const first = await run();
    expect(first.ok, first.text).to.equal(true);
    expect(ours().map((s) => s.topic).sort()).to.deep.equal([...TOPICS].sort());
    expect(ours().every((s) => s.uri === `${PUBLIC_URL}/webhooks/shopify`)).to.equal(true);
    expect(carrier.webhooks().map((w) => w.url)).to.deep.equal([`${PUBLIC_URL}/webhooks/easypost`]);
    expect(first.text).to.include('ok Protected customer data readable');

    const before = { subscriptions: shop.webhookSubscriptions(), writes: carrier.stats().byMethod };
    const second = await run();
    expect(second.ok, second.text).to.equal(true);
    expect(shop.webhookSubscriptions()).to.deep.equal(before.subscriptions);
    expect(carrier.stats().byMethod.POST ?? 0).to.equal(before.writes.POST ?? 0);
    expect(carrier.stats().byMethod.PATCH ?? 0).to.equal(before.writes.PATCH ?? 0);
    expect(second.lines.filter((l) => l.text.includes('already there')).length).to.equal(TOPICS.length + 1);
  });

  it('moves an outdated subscription of ours, never touches another app’s, and gives EasyPost a new secret once', async () => {
    await setUp();
    const outdated = shop.addWebhookSubscription({ app: CLIENT_ID, topic: 'ORDERS_UPDATED', uri: 'https://old-host.example.com/webhooks/shopify' });
    const foreign = shop.addWebhookSubscription({ app: 'another-app', topic: 'ORDERS_UPDATED', uri: 'https://another-app.example.com/hooks' });
    const unrelated = shop.addWebhookSubscription({ app: CLIENT_ID, topic: 'ORDERS_UPDATED', uri: 'https://erp.example.com/orders' });
    expect((await run()).ok).to.equal(true);
    const after = shop.webhookSubscriptions();
    expect(after.find((s) => s.id === outdated.id)?.uri).to.equal(`${PUBLIC_URL}/webhooks/shopify`);
    expect(after.find((s) => s.id === foreign.id)).to.deep.equal(foreign);
    expect(after.find((s) => s.id === unrelated.id)).to.deep.equal(unrelated);
    expect(ours().filter((s) => s.topic === 'ORDERS_UPDATED').length).to.equal(2);

    const rotated = await run({ ...ctx.config, EASYPOST_WEBHOOK_SECRET: 'whsec_second' });
    expect(rotated.text).to.include('given the current secret');
    expect(carrier.webhooks().map((w) => w.secret)).to.deep.equal(['whsec_second']);
    const patches = carrier.stats().byMethod.PATCH ?? 0;
    await run({ ...ctx.config, EASYPOST_WEBHOOK_SECRET: 'whsec_second' });
    expect(carrier.stats().byMethod.PATCH ?? 0).to.equal(patches);
  });

  it('fails on a missing required scope, warns on the dispute scopes and skips their topics', async () => {
    await setUp({ scopes: ['read_orders', 'write_orders'] });
    const report = await run();
    expect(report.ok).to.equal(false);
    const scopeLine = report.lines.find((l) => l.text.startsWith('Scope read_fulfillments'));
    expect(scopeLine?.status).to.equal('fail');
    expect(scopeLine?.fix).to.include('read_fulfillments');
    expect(report.lines.find((l) => l.text.startsWith('Scope read_shopify_payments_disputes'))?.status).to.equal('warn');
    expect(ours().some((s) => s.topic.startsWith('DISPUTES_'))).to.equal(false);
  });

  it('names the protected customer data fields Shopify withholds, and fails', async () => {
    await setUp({ protectedCustomerData: false });
    shop.createOrder({ email: 'juan@example.ph' });
    const report = await run();
    const line = report.lines.find((l) => l.text.startsWith('Protected customer data'));
    expect(report.ok).to.equal(false);
    expect(line?.status).to.equal('fail');
    expect(line?.text).to.include('email').and.to.include('shippingAddress');
    expect(line?.fix).to.include('Dev Dashboard');
  });

  it('reports Shopify’s refusal of a non-https address, a wrong client secret and a refused EasyPost key', async () => {
    await setUp({}, { PUBLIC_URL: 'http://127.0.0.1:3000', NODE_ENV: 'development' });
    const plain = await run();
    expect(plain.ok).to.equal(false);
    expect(plain.lines.find((l) => l.text.startsWith('PUBLIC_URL'))?.status).to.equal('warn');
    expect(plain.lines.find((l) => l.text.startsWith('NODE_ENV'))?.status).to.equal('warn');
    const refused = plain.lines.filter((l) => l.text.startsWith('Shopify webhook') && l.status === 'fail');
    expect(refused.length).to.be.greaterThan(0);
    expect(ours()).to.deep.equal([]);

    const wrong = await run({ ...ctx.config, SHOPIFY_CLIENT_SECRET: 'shpss_wrong', EASYPOST_API_KEY: 'EZTK_not_a_key' });
    expect(wrong.ok).to.equal(false);
    expect(wrong.lines.find((l) => l.text.includes('invalid_client'))?.status).to.equal('fail');
    expect(wrong.lines.find((l) => l.text.startsWith('EasyPost key refused'))?.status).to.equal('fail');
  });
});
