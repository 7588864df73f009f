import { expect } from 'chai';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../../../domain/shopify/reconcile-orders.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';

describe('Shopify query cost on a real-sized order', function () {
  this.timeout(60_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
    await shop.close();
  });

  async function reconcile(options: Parameters<typeof startDevDashboardShop>[0], build: (shop: SandboxShop) => void) {
    shop = await startDevDashboardShop(options);
    build(shop);
    ctx = await createTestContext(devDashboardEnv(shop));
    const admin = new ShopifyAdmin(ctx.config, ctx.logger);
    return reconcileOrders({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger }, { since: new Date(Date.now() - 86_400_000), defaultSince: new Date(0) });
  }
  const shipmentCount = async () => Number((await ctx.db.selectFrom('shipments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('asks for fewer orders per page when Shopify prices a page over its limit, and still reads every order', async () => {
    const progress = await reconcile({ cost: { maximumAvailable: 400, restoreRate: 1000 } }, (s) => {
      for (let i = 0; i < 10; i++) s.createFulfillment(s.createOrder().id, { trackingNumbers: [`SBDLV00000004${String(i).padStart(2, '0')}`], company: 'USPS' });
    });
    expect(progress.orders).to.equal(10);
    expect(await shipmentCount()).to.equal(10);
    expect(shop.stats().byOperation.WhereaboutsOrdersPage, 'the 15- and 7-order pages were refused, then 3 at a time').to.be.at.least(6);
  });

  it('reads an order with more fulfillments or tracking numbers than a page holds on its own', async () => {
    await reconcile({}, (s) => {
      const many = s.createOrder();
      for (let i = 0; i < 12; i++) s.createFulfillment(many.id, { trackingNumbers: [`SBDLV00000005${String(i).padStart(2, '0')}`], company: 'USPS' });
      const long = s.createOrder();
      s.createFulfillment(long.id, { trackingNumbers: Array.from({ length: 7 }, (_, i) => `SBDLV00000006${String(i).padStart(2, '0')}`), company: 'USPS' });
    });
    expect(await shipmentCount()).to.equal(19);
    expect(shop.stats().byOperation.WhereaboutsOrder).to.equal(2);
  });
});
