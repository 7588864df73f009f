import { expect } from 'chai';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { freePort, type TestServer } from '../../support/http.ts';
import { devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';

describe('Shopify webhooks of a Dev Dashboard app', function () {
  this.timeout(60_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  let server: TestServer;
  before(async () => {
    const port = await freePort();
    shop = await startDevDashboardShop({ webhookUrl: `http://127.0.0.1:${port}/webhooks/shopify` });
    ctx = await createTestContext(devDashboardEnv(shop));
    server = await startApp(ctx, {}, port);
  });
  after(async () => {
    await server.close();
    await ctx.close();
    await shop.close();
  });

  it('accepts a webhook signed with the client secret and refuses one signed with any other key', async () => {
    const order = shop.createOrder();
    const signed = await shop.sendWebhook('orders/updated', { orderId: order.id });
    expect(signed.status).to.equal(200);
    const adminKey = await shop.sendWebhook('orders/updated', { orderId: order.id }, { secret: 'key-shown-under-settings-notifications', eventId: 'evt-admin-made' });
    expect(adminKey.status).to.equal(401);
  });
});
