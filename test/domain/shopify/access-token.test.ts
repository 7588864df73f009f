import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShopifyAuthError } from '../../../domain/shopify/access-token.ts';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';

describe('Shopify access tokens of a Dev Dashboard app', function () {
  this.timeout(60_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  afterEach(async () => {
    await ctx?.close();
    await shop?.close();
  });

  async function setUp(options: Parameters<typeof startDevDashboardShop>[0] = {}, env: Record<string, string> = {}) {
    shop = await startDevDashboardShop(options);
    ctx = await createTestContext(devDashboardEnv(shop, env));
    return new ShopifyAdmin(ctx.config, ctx.logger);
  }

  it('asks once for concurrent callers, renews shortly before expiry, and once more on a 401', async () => {
    // No cost bucket: six concurrent reads would otherwise wait for it to refill.
    const admin = await setUp({ tokenLifetimeSeconds: 2, cost: false });
    const order = shop.createOrder({ email: 'ana@example.ph' });
    const reads = await Promise.all(Array.from({ length: 6 }, () => admin.fetchOrder(order.id)));
    expect(reads.every((read) => read?.email === 'ana@example.ph')).to.equal(true);
    expect(shop.stats().tokensIssued, 'six concurrent callers share one token request').to.equal(1);

    await admin.fetchOrder(order.id);
    expect(shop.stats().tokensIssued).to.equal(1);
    await sleep(1900);
    await admin.fetchOrder(order.id);
    expect(shop.stats().tokensIssued, 'renewed before the 2 s lifetime ran out').to.equal(2);

    shop.expireTokens();
    const [afterRevocation] = await Promise.all([admin.fetchOrder(order.id), admin.fetchOrder(order.id)]);
    expect(afterRevocation?.email).to.equal('ana@example.ph');
    expect(shop.stats().tokensIssued, 'a 401 costs one new token, not one per caller').to.equal(3);
  });

  it('reports a wrong client secret as invalid_client, with the fix', async () => {
    const admin = await setUp({}, { SHOPIFY_CLIENT_SECRET: 'shpss_not_the_secret' });
    const order = shop.createOrder();
    const error = await admin.fetchOrder(order.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ShopifyAuthError);
    expect((error as ShopifyAuthError).code).to.equal('invalid_client');
    expect((error as Error).message).to.include('SHOPIFY_CLIENT_SECRET');
    expect(shop.stats().tokensIssued).to.equal(0);
  });

  it('reports a shop outside the app’s organisation as shop_not_permitted', async () => {
    const admin = await setUp({ shopNotPermitted: true });
    const error = await admin.fetchOrder(shop.createOrder().id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as ShopifyAuthError).code).to.equal('shop_not_permitted');
    expect((error as Error).message).to.match(/organisation|installed/);
  });
});
