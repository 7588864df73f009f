import { expect } from 'chai';
import { adminGraphqlClient, createShopify } from '../../domain/shopify/shopify.client.ts';
import { ordersPageQuery } from '../../domain/shopify/queries.ts';
import { scenarioForCode } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxShop, type SandboxShop } from '../../sandbox/shop/server.ts';

const TOKEN = 'shpat_sandbox_generated';
const DOMAIN = 'generated-sandbox.myshopify.com';
const DAY = 86_400_000;

interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}
interface OrderNode {
  legacyResourceId: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  customerLocale: string | null;
  customer: { locale: string } | null;
  shippingAddress: { city: string | null; zip: string | null; countryCodeV2: string | null } | null;
  fulfillments: { legacyResourceId: string; status: string; createdAt: string; updatedAt: string; trackingInfo: TrackingInfo[] }[];
}
interface OrdersPage {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] };
}

// How the service will read a number a merchant pasted: trimmed, upper case.
const normalised = (code: string) => code.trim().toUpperCase();

async function everyOrder(shop: SandboxShop): Promise<OrderNode[]> {
  const shopify = createShopify({
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: TOKEN,
    SHOPIFY_API_SECRET: 'generated-secret',
    SHOPIFY_API_VERSION: '2026-10',
    SHOPIFY_ADMIN_API_URL: shop.origin,
    PUBLIC_URL: 'http://localhost:3000',
  });
  const client = adminGraphqlClient(shopify, shop.shopDomain);
  const orders: OrderNode[] = [];
  let after: string | null = null;
  do {
    const page: OrdersPage['orders'] = ((await client.request<OrdersPage>(ordersPageQuery, { variables: { first: 100, after } })).data as OrdersPage).orders;
    orders.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return orders;
}

describe('sandbox shop: the generated shop', () => {
  let shop: SandboxShop;
  let orders: OrderNode[];
  const fulfillments = () => orders.flatMap((order) => order.fulfillments);
  const numbers = () => fulfillments().flatMap((f) => f.trackingInfo.map((info) => info.number).filter((n): n is string => n !== null));

  before(async () => {
    shop = await startSandboxShop({ orders: 100, seed: 2026, accessToken: TOKEN, shopDomain: DOMAIN, cost: false });
    orders = await everyOrder(shop);
  });
  after(() => shop.close());

  it('numbers its orders from #1001 and gives every order, fulfillment and customer an id above 2^53', () => {
    const listed = shop.listOrders();
    expect(listed.map((order) => order.name).slice(0, 3)).to.deep.equal(['#1001', '#1002', '#1003']);
    const ids = listed.flatMap((order) => [order.id, ...order.fulfillments.map((f) => f.id), ...(order.customer ? [order.customer.id] : [])]);
    expect(ids.every((id) => /^\d+$/.test(id) && BigInt(id) > 2n ** 53n)).to.equal(true);
  });

  it('spreads customers over en, da and fil (some with a region) in the US, Denmark and the Philippines', () => {
    const locales = new Set(orders.map((order) => order.customerLocale));
    expect([...locales]).to.include.members(['en', 'da', 'fil']);
    expect([...locales].some((locale) => locale?.includes('-'))).to.equal(true);
    expect(new Set(orders.map((order) => order.shippingAddress?.countryCodeV2))).to.include.members(['US', 'DK', 'PH']);
    const danish = orders.filter((order) => order.customerLocale === 'da' && order.email);
    expect(danish.every((order) => /^[a-z]+\.[a-z]+@example\.dk$/.test(order.email ?? ''))).to.equal(true);
    expect(orders.every((order) => !order.customer || order.customer.locale === order.customerLocale)).to.equal(true);
  });

  it('holds every fulfillment state an ingester meets', () => {
    const all = fulfillments();
    expect(orders.some((order) => order.fulfillments.length === 0 && !order.cancelledAt), 'unfulfilled').to.equal(true);
    expect(orders.some((order) => order.fulfillments.length === 2), 'two fulfillments').to.equal(true);
    expect(orders.some((order) => order.cancelledAt !== null), 'cancelled order').to.equal(true);
    expect(all.some((f) => f.trackingInfo.filter((info) => info.number).length >= 2), 'several numbers').to.equal(true);
    expect(all.some((f) => f.trackingInfo.some((info) => info.number === null && info.url !== null)) || all.some((f) => f.trackingInfo.some((info) => info.url === null && info.number !== null)), 'numbers and URLs of different lengths').to.equal(true);
    expect(all.some((f) => f.trackingInfo.length === 0), 'no tracking').to.equal(true);
    expect(all.some((f) => f.status === 'CANCELLED'), 'cancelled fulfillment').to.equal(true);
    expect(all.some((f) => f.status === 'FAILURE'), 'failed fulfillment').to.equal(true);
    expect(all.some((f) => f.status === 'SUCCESS' && f.updatedAt !== f.createdAt), 'tracking number changed later').to.equal(true);
    const companies = new Set(all.flatMap((f) => f.trackingInfo.map((info) => info.company)));
    expect([...companies]).to.include.members([null, "Bob's Couriers", 'USPS', 'PostNord', 'DHL Express']);
  });

  it('uses tracking numbers the carrier sandbox plays, mostly deliveries, some pasted in lower case or with whitespace', () => {
    const codes = numbers();
    const scenarios = codes.map((code) => scenarioForCode(normalised(code)));
    expect(scenarios.every((scenario) => scenario !== undefined)).to.equal(true);
    expect(codes.every((code) => normalised(code).startsWith('SB'))).to.equal(true);
    expect(scenarios.filter((scenario) => scenario === 'delivered').length / codes.length).to.be.within(0.45, 0.8);
    expect(new Set(scenarios).size).to.be.at.least(6);
    expect(codes.some((code) => code !== normalised(code))).to.equal(true);
  });

  it('dates orders in the last ten days, with updatedAt never before createdAt', () => {
    const now = Date.now();
    for (const order of orders) {
      expect(Date.parse(order.createdAt)).to.be.within(now - 10 * DAY, now);
      expect(Date.parse(order.updatedAt)).to.be.at.least(Date.parse(order.createdAt));
      for (const f of order.fulfillments) expect(Date.parse(order.updatedAt)).to.be.at.least(Date.parse(f.updatedAt));
    }
  });

  it('makes the same orders, customers and tracking numbers from the same seed (dated from its start), and other numbers from another seed', async () => {
    const again = await startSandboxShop({ orders: 100, seed: 2026, cost: false });
    const other = await startSandboxShop({ orders: 100, seed: 7, cost: false });
    try {
      const shape = (s: SandboxShop) => s.listOrders().map((o) => [o.id, o.email, o.customerLocale, o.shippingAddress, o.fulfillments.map((f) => f.trackingNumbers)]);
      expect(shape(again)).to.deep.equal(shape(shop));
      const codes = (s: SandboxShop) => new Set(s.listOrders().flatMap((o) => o.fulfillments.flatMap((f) => f.trackingNumbers.map(normalised))));
      const shared = [...codes(other)].filter((code) => codes(shop).has(code));
      expect(shared).to.deep.equal([]);
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});
