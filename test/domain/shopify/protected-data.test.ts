import { expect } from 'chai';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../../../domain/shopify/reconcile-orders.ts';
import { registry } from '../../../core/metrics.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testDatabaseKind } from '../../support/database.ts';
import { devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';

describe(`protected customer data withheld by Shopify (${testDatabaseKind})`, function () {
  this.timeout(60_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  let admin: ShopifyAdmin;
  beforeEach(async () => {
    shop = await startDevDashboardShop();
    ctx = await createTestContext(devDashboardEnv(shop));
    admin = new ShopifyAdmin(ctx.config, ctx.logger);
  });
  afterEach(async () => {
    await ctx.close();
    await shop.close();
  });

  const sync = () => reconcileOrders({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger }, { since: new Date(Date.now() - 86_400_000), defaultSince: new Date(0) });
  const stored = (shopifyId: string) =>
    ctx.db
      .selectFrom('orders')
      .innerJoin('shipments', 'shipments.order_id', 'orders.id')
      .select(['orders.email', 'orders.postal_code', 'shipments.attention', 'shipments.next_check_at'])
      .where('orders.shopify_id', '=', shopifyId)
      .executeTakeFirstOrThrow();
  const refusals = async () => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'whereabouts_shopify_protected_data_refused_total');
    return (metric?.values ?? []).filter((v) => v.labels.field === 'email').reduce((sum, v) => sum + v.value, 0);
  };

  it('keeps what was stored, flags the shipments for support, counts it, and clears the flag once granted', async () => {
    const order = shop.createOrder({ email: 'freja@example.dk' });
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000301'], company: 'USPS' });
    await sync();
    expect(await stored(order.id)).to.include({ email: 'freja@example.dk', attention: null });

    shop.setProtectedCustomerData(false);
    const before = await refusals();
    shop.updateFulfillmentTracking(fulfillment.id, { trackingNumbers: ['SBDLV0000000301'], company: 'UPS' });
    await sync();
    const withheld = await stored(order.id);
    expect(withheld.email, 'null from Shopify is not an answer').to.equal('freja@example.dk');
    expect(withheld.postal_code).to.not.equal(null);
    expect(withheld.attention).to.equal('customer_data_refused');
    expect(withheld.next_check_at, 'tracking goes on').to.not.equal(null);
    expect(await refusals()).to.equal(before + 1);

    shop.setProtectedCustomerData(true);
    shop.updateFulfillmentTracking(fulfillment.id, { trackingNumbers: ['SBDLV0000000301'], company: 'USPS' });
    await sync();
    expect(await stored(order.id)).to.include({ email: 'freja@example.dk', attention: null });
  });

  it('stores a new order without its email, tracked and flagged, instead of failing the sync', async () => {
    shop.setProtectedCustomerData(false);
    const order = shop.createOrder({ email: 'luz@example.ph' });
    shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000302'], company: 'USPS' });
    const progress = await sync();
    expect(progress.orders).to.equal(1);
    expect(await stored(order.id)).to.include({ email: null, attention: 'customer_data_refused' });
  });
});
