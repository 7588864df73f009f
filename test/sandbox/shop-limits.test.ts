import { GraphqlQueryError, HttpMaxRetriesError, HttpResponseError, HttpThrottlingError } from '@shopify/shopify-api';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminGraphqlClient, createShopify } from '../../domain/shopify/shopify.client.ts';
import { fulfillmentEventCreateMutation, orderQuery, ordersPageQuery } from '../../domain/shopify/queries.ts';
import { startSandboxShop, type SandboxShop, type SandboxShopOptions } from '../../sandbox/shop/server.ts';
import { failureOf } from '../support/failure.ts';

const TOKEN = 'shpat_sandbox_limits';
const DOMAIN = 'limits-sandbox.myshopify.com';

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

function clientFor(shop: SandboxShop, token = TOKEN) {
  const shopify = createShopify({
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: token,
    SHOPIFY_API_SECRET: 'limits-secret',
    SHOPIFY_API_VERSION: '2026-10',
    SHOPIFY_ADMIN_API_URL: shop.origin,
    PUBLIC_URL: 'http://localhost:3000',
  });
  return adminGraphqlClient(shopify, shop.shopDomain);
}

// A small order query whose requested cost is 5: order 1 + customer 1 + address 1 + fulfillments(first: 1) x (1 + trackingInfo(first: 1) x 1).
const smallOrderQuery = `#graphql
  query WhereaboutsOrderProbe($id: ID!) {
    order(id: $id) { id customer { id } shippingAddress { city } fulfillments(first: 1) { id trackingInfo(first: 1) { number } } }
  }`;

describe('sandbox shop: access, throttling and query cost', () => {
  let shop: SandboxShop;
  let client: ReturnType<typeof clientFor>;
  let orderGid: string;

  async function start(options: SandboxShopOptions = {}) {
    shop = await startSandboxShop({ accessToken: TOKEN, shopDomain: DOMAIN, ...options });
    client = clientFor(shop);
    // An order that uses every object the order query asks for: its actual cost equals the requested one.
    const order = shop.createOrder({ locale: 'en' });
    shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000001'], company: 'UPS' });
    orderGid = `gid://shopify/Order/${order.id}`;
  }
  const readOrder = (options: { retries?: number } = {}) => client.request(orderQuery, { variables: { id: orderGid }, ...options });
  const readSmallOrder = () => client.request(smallOrderQuery, { variables: { id: orderGid } });
  const costOf = (extensions: Record<string, unknown> | undefined) => extensions?.cost as Cost;

  afterEach(() => shop.close());

  it('refuses a wrong or missing access token with 401, which the client throws as HttpResponseError', async () => {
    await start();
    const error = await failureOf(clientFor(shop, 'shpat_wrong').request(orderQuery, { variables: { id: orderGid } }));
    expect(error).to.be.instanceOf(HttpResponseError);
    expect((error as HttpResponseError).response.code).to.equal(401);
    const missing = await fetch(`${shop.origin}/admin/api/2026-10/graphql.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{shop{name}}"}' });
    expect(missing.status).to.equal(401);
    expect(await missing.json()).to.deep.equal({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
  });

  it('answers THROTTLED on HTTP 200 when told to; the client throws GraphqlQueryError without retrying, and nothing runs', async () => {
    await start();
    shop.throttleNext(2);
    const fulfillment = shop.listOrders()[0].fulfillments[0];
    const event = { fulfillmentId: `gid://shopify/Fulfillment/${fulfillment.id}`, status: 'IN_TRANSIT' };
    const error = await failureOf(client.request(fulfillmentEventCreateMutation, { variables: { fulfillmentEvent: event }, retries: 2 }));
    expect(error).to.be.instanceOf(GraphqlQueryError);
    const body = (error as GraphqlQueryError).body as { errors: { graphQLErrors: { extensions: { code: string } }[] }; extensions: { cost: Cost } };
    expect(body.errors.graphQLErrors[0].extensions.code).to.equal('THROTTLED');
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).to.be.lessThan(body.extensions.cost.requestedQueryCost);
    expect(shop.fulfillmentEvents(fulfillment.id)).to.deep.equal([]);
    expect(await failureOf(readOrder())).to.be.instanceOf(GraphqlQueryError);
    expect((await readOrder()).data).to.have.property('order');
    expect(shop.stats()).to.include({ requests: 3, throttled: 2 });
  });

  it('answers 429 with Retry-After in seconds; by default the client throws HttpThrottlingError carrying retryAfter and does not retry', async () => {
    await start();
    shop.rateLimitNext(1, 2);
    const error = await failureOf(readOrder());
    expect(error).to.be.instanceOf(HttpThrottlingError);
    expect((error as HttpThrottlingError).response).to.include({ code: 429, retryAfter: 2 });
    expect(shop.stats()).to.include({ requests: 1, rateLimited: 1 });
  });

  it('with retries set, the client retries a 429 on its own after sleeping Retry-After as milliseconds (2 ms, not 2 s)', async () => {
    await start();
    shop.rateLimitNext(1, 2);
    const started = performance.now();
    const response = await readOrder({ retries: 1 });
    expect(response.data).to.have.property('order');
    expect(performance.now() - started).to.be.lessThan(1000);
    expect(shop.stats()).to.include({ requests: 2, rateLimited: 1 });
  });

  it('with retries set and 429s outlasting them, the client throws HttpMaxRetriesError', async () => {
    await start();
    shop.rateLimitNext(3, 2);
    expect(await failureOf(readOrder({ retries: 2 }))).to.be.instanceOf(HttpMaxRetriesError);
    expect(shop.stats()).to.include({ requests: 3, rateLimited: 3 });
  });

  it('drains the cost bucket by each query and restores it at restoreRate per second', async () => {
    await start({ cost: { maximumAvailable: 12, restoreRate: 10 } });
    const first = costOf((await readSmallOrder()).extensions);
    expect(first).to.include({ requestedQueryCost: 5, actualQueryCost: 5 });
    expect(first.throttleStatus).to.include({ maximumAvailable: 12, restoreRate: 10 });
    expect(first.throttleStatus.currentlyAvailable).to.be.within(7, 8);
    await readSmallOrder();
    const refused = await failureOf(readSmallOrder());
    expect(refused).to.be.instanceOf(GraphqlQueryError);
    expect(costOf((refused as GraphqlQueryError).body?.extensions as Record<string, unknown>).throttleStatus.currentlyAvailable).to.be.lessThan(5);
    await sleep(400);
    expect(costOf((await readSmallOrder()).extensions).actualQueryCost).to.equal(5);
    expect(shop.stats()).to.include({ throttled: 1, costSpent: 15 });
  });

  it('gives back what a query did not use: a page costs 2 + first x node, but only what came back is spent', async () => {
    await start();
    const page = costOf((await client.request(ordersPageQuery, { variables: { first: 15 } })).extensions);
    // Each order: itself, customer, address, and 10 fulfillments x (1 + 5 tracking numbers).
    expect(page.requestedQueryCost).to.equal(2 + 15 * 63);
    expect(page.actualQueryCost).to.equal(2 + 5);
    expect(page.throttleStatus.currentlyAvailable).to.be.at.least(1000 - 7);
  });

  it('refuses a query above the single-query maximum of 1,000 with MAX_COST_EXCEEDED, even with a bigger bucket', async () => {
    await start({ cost: { maximumAvailable: 2000, restoreRate: 100 } });
    const error = await failureOf(client.request(ordersPageQuery, { variables: { first: 16 } }));
    expect(error).to.be.instanceOf(GraphqlQueryError);
    const graphQLErrors = ((error as GraphqlQueryError).body as { errors: { graphQLErrors: { extensions: { code: string; cost: number } }[] } }).errors.graphQLErrors;
    expect(graphQLErrors[0].extensions).to.include({ code: 'MAX_COST_EXCEEDED', cost: 2 + 16 * 63, maxCost: 1000 });
    expect(shop.stats().costSpent).to.equal(0);
  });

  it('with cost off never throttles, and still reports extensions.cost', async () => {
    await start({ cost: false });
    for (let i = 0; i < 10; i++) await client.request(ordersPageQuery, { variables: { first: 250 } });
    const cost = costOf((await readOrder()).extensions);
    expect(cost.requestedQueryCost).to.equal(3 + 50 * (1 + 15));
    expect(cost.throttleStatus.currentlyAvailable).to.equal(cost.throttleStatus.maximumAvailable);
    expect(shop.stats()).to.deep.include({ throttled: 0, byOperation: { WhereaboutsOrdersPage: 10, WhereaboutsOrder: 1 } });
  });
});
