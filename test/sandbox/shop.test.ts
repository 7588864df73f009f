import { expect } from 'chai';
import { adminGraphqlClient, createShopify } from '../../domain/shopify/shopify.client.ts';
import { orderQuery, ordersPageQuery } from '../../domain/shopify/queries.ts';
import { startSandboxShop, type SandboxShop } from '../../sandbox/shop/server.ts';

const TOKEN = 'shpat_sandbox_reads';
const DOMAIN = 'reads-sandbox.myshopify.com';

interface OrderNode {
  id: string;
  legacyResourceId: string;
  name: string;
  email: string | null;
  updatedAt: string;
  cancelledAt: string | null;
  customerLocale: string | null;
  customer: { id: string; email: string | null; locale: string } | null;
  shippingAddress: { city: string | null; countryCodeV2: string | null } | null;
  fulfillments: { id: string; legacyResourceId: string; status: string; displayStatus: string; trackingInfo: { company: string | null; number: string | null; url: string | null }[] }[];
}
interface OrdersPage {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] };
}

function clientFor(shop: SandboxShop) {
  const shopify = createShopify({
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: TOKEN,
    SHOPIFY_API_SECRET: 'reads-secret',
    SHOPIFY_API_VERSION: '2026-10',
    SHOPIFY_ADMIN_API_URL: shop.origin,
    PUBLIC_URL: 'http://localhost:3000',
  });
  return adminGraphqlClient(shopify, shop.shopDomain);
}

describe('sandbox shop: orders through the Shopify GraphQL client', () => {
  let shop: SandboxShop;
  let client: ReturnType<typeof clientFor>;

  const fetchOrder = async (id: string) => (await client.request<{ order: OrderNode | null }>(orderQuery, { variables: { id } })).data?.order;
  const fetchPage = async (variables: Record<string, unknown>) => {
    const response = await client.request<OrdersPage>(ordersPageQuery, { variables: { first: 50, ...variables } });
    return (response.data as OrdersPage).orders;
  };

  // Every order the query matches, page by page, as the service's incremental sync walks them.
  async function walk(query: string, pageSize: number, betweenPages: (page: number) => void = () => {}): Promise<OrderNode[]> {
    const seen: OrderNode[] = [];
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const orders = await fetchPage({ first: pageSize, after, query });
      seen.push(...orders.nodes);
      if (!orders.pageInfo.hasNextPage) return seen;
      after = orders.pageInfo.endCursor;
      betweenPages(page);
    }
  }

  beforeEach(async () => {
    shop = await startSandboxShop({ orders: 120, seed: 42, accessToken: TOKEN, shopDomain: DOMAIN, cost: false });
    client = clientFor(shop);
  });
  afterEach(() => shop.close());

  it('answers order(id) with the customer, the address and every fulfillment with its tracking info', async () => {
    const order = shop.createOrder({ locale: 'da', email: 'anna.jensen@example.dk' });
    const fulfillment = shop.createFulfillment(order.id, {
      trackingNumbers: ['SBDLV0000000001', 'SBLAT0000000002'],
      trackingUrls: ['https://tracking.postnord.com/dk/?id=SBDLV0000000001'],
      company: 'PostNord',
    });
    const served = await fetchOrder(`gid://shopify/Order/${order.id}`);
    expect(served).to.include({ id: `gid://shopify/Order/${order.id}`, legacyResourceId: order.id, name: order.name, email: 'anna.jensen@example.dk', customerLocale: 'da' });
    expect(served?.customer).to.include({ locale: 'da', email: 'anna.jensen@example.dk' });
    expect(served?.shippingAddress?.countryCodeV2).to.equal('DK');
    expect(served?.fulfillments).to.have.length(1);
    expect(served?.fulfillments[0]).to.include({ id: `gid://shopify/Fulfillment/${fulfillment.id}`, status: 'SUCCESS', displayStatus: 'FULFILLED' });
    expect(served?.fulfillments[0].trackingInfo).to.deep.equal([
      { company: 'PostNord', number: 'SBDLV0000000001', url: 'https://tracking.postnord.com/dk/?id=SBDLV0000000001' },
      { company: 'PostNord', number: 'SBLAT0000000002', url: null },
    ]);
  });

  it('answers null for an order id the shop does not have', async () => {
    expect(await fetchOrder('gid://shopify/Order/9007199254740993000')).to.equal(null);
    expect(await fetchOrder('gid://shopify/Fulfillment/1')).to.equal(null);
  });

  it('keeps ids above 2^53 intact: legacyResourceId is a string of the exact digits', async () => {
    const order = shop.listOrders()[0];
    expect(BigInt(order.id) > 2n ** 53n).to.equal(true);
    expect(Number(order.id).toString()).to.not.equal(order.id);
    const served = await fetchOrder(`gid://shopify/Order/${order.id}`);
    expect(served?.legacyResourceId).to.be.a('string').and.equal(order.id);
    expect(served?.id).to.equal(`gid://shopify/Order/${order.id}`);
  });

  it('pages through an updated_at:>= search with cursors, oldest change first, skipping and repeating nothing', async () => {
    const cutoff = shop.listOrders().map((order) => order.updatedAt).sort((a, b) => Date.parse(a) - Date.parse(b))[30];
    const walked = await walk(`updated_at:>='${cutoff}'`, 17);
    const expected = shop.listOrders().filter((order) => Date.parse(order.updatedAt) >= Date.parse(cutoff));
    expect(walked.map((order) => order.legacyResourceId)).to.have.members(expected.map((order) => order.id));
    expect(new Set(walked.map((order) => order.id)).size).to.equal(walked.length);
    const times = walked.map((order) => Date.parse(order.updatedAt));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
  });

  it('meets an order changed mid-walk again at the end, so a sync over updatedAt misses no change', async () => {
    const orders = shop.listOrders();
    let seenThenChanged = '';
    let unseenThenChanged = '';
    const walked = await walk('status:any updated_at:>=2020-01-01T00:00:00Z', 25, (page) => {
      if (page !== 0) return;
      const sorted = [...orders].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
      seenThenChanged = sorted[3].id;
      unseenThenChanged = sorted[80].id;
      shop.createFulfillment(seenThenChanged, { trackingNumbers: ['SBDLV0000000077'], company: 'USPS' });
      shop.cancelOrder(unseenThenChanged);
    });
    const visits = (id: string) => walked.filter((order) => order.legacyResourceId === id);
    expect(new Set(walked.map((order) => order.legacyResourceId))).to.have.property('size', orders.length);
    expect(visits(seenThenChanged)).to.have.length(2);
    expect(visits(seenThenChanged)[1].updatedAt).to.equal(shop.getOrder(seenThenChanged)?.updatedAt);
    expect(visits(unseenThenChanged)).to.have.length(1);
    expect(visits(unseenThenChanged)[0].cancelledAt).to.not.equal(null);
    expect(new Set(walked.map((order) => `${order.id} ${order.updatedAt}`)).size).to.equal(walked.length);
  });

  it('distinguishes updated_at:> from updated_at:>=, quoted or not', async () => {
    const order = shop.listOrders()[5];
    const later = shop.listOrders().filter((other) => Date.parse(other.updatedAt) > Date.parse(order.updatedAt));
    const inclusive = await walk(`updated_at:>='${order.updatedAt}'`, 250);
    const exclusive = await walk(`updated_at:>${order.updatedAt}`, 250);
    expect(inclusive.map((o) => o.legacyResourceId)).to.include(order.id);
    expect(exclusive.map((o) => o.legacyResourceId)).to.not.include(order.id);
    expect(exclusive).to.have.length(later.length);
  });

  it('bumps updatedAt on every change, strictly, even twice within one second', async () => {
    const order = shop.listOrders().find((candidate) => candidate.fulfillments.length > 0 && !candidate.cancelledAt) as NonNullable<ReturnType<SandboxShop['getOrder']>>;
    const before = await fetchOrder(`gid://shopify/Order/${order.id}`);
    shop.updateFulfillmentTracking(order.fulfillments[0].id, { trackingNumbers: ['SBDLV0000000099'] });
    const first = await fetchOrder(`gid://shopify/Order/${order.id}`);
    shop.cancelFulfillment(order.fulfillments[0].id);
    const second = await fetchOrder(`gid://shopify/Order/${order.id}`);
    expect(Date.parse(first?.updatedAt ?? '')).to.be.greaterThan(Date.parse(before?.updatedAt ?? ''));
    expect(Date.parse(second?.updatedAt ?? '')).to.be.greaterThan(Date.parse(first?.updatedAt ?? ''));
    expect(second?.fulfillments[0]).to.include({ status: 'CANCELLED', displayStatus: 'CANCELED' });
    expect(first?.fulfillments[0].trackingInfo[0].number).to.equal('SBDLV0000000099');
  });

  it('serves every order without a query or with status:any, and only cancelled ones for status:cancelled', async () => {
    const all = await walk('', 100);
    const anyStatus = await walk('status:any', 100);
    const cancelled = await walk('status:cancelled', 100);
    expect(all).to.have.length(120);
    expect(anyStatus).to.have.length(120);
    expect(cancelled.map((order) => order.legacyResourceId)).to.have.members(shop.listOrders().filter((order) => order.cancelledAt).map((order) => order.id));
  });

  it('refuses a page larger than 250 and reports unknown search fields as Shopify does, in extensions.search', async () => {
    const tooLarge = await client.request(ordersPageQuery, { variables: { first: 251 } }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(tooLarge?.message).to.match(/exceeds the maximum of 250/);
    const response = await client.request<OrdersPage>(ordersPageQuery, { variables: { first: 5, query: 'colour:green' } });
    expect(response.data?.orders.nodes).to.have.length(5);
    expect(response.extensions?.search).to.deep.equal([{ path: ['orders'], query: 'colour:green', warnings: [{ field: 'colour', message: 'Invalid search field for this query.' }] }]);
  });
});
