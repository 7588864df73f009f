import type { GraphqlClient } from '@shopify/shopify-api';
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSubscriptionCreateMutation, webhookSubscriptionsQuery, webhookSubscriptionUpdateMutation } from '../../domain/shopify/connect-queries.ts';
import { startSandboxShop, type SandboxShop, type SandboxShopOptions } from '../../sandbox/shop/server.ts';
import { credentialsApp, credentialsClient } from '../support/shop-app.ts';

// Webhook subscriptions as Shopify keeps them: per app, https only, one address per topic, with the
// payloads of the real mutations; and deliveries to the subscribed address, signed with the app's secret.

const CLIENT_ID = 'whereabouts-subscriptions-client';
const CLIENT_SECRET = 'shpss_subscriptions_client_secret';
const LEGACY_TOKEN = 'shpat_subscriptions_legacy';
const LEGACY_SECRET = 'shpss_subscriptions_legacy_secret';
const DOMAIN = 'subscriptions-sandbox.myshopify.com';
const deleteMutation = `#graphql
  mutation Delete($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`;

interface Subscription {
  id: string;
  topic: string;
  uri: string;
  format: string;
}
interface Payload {
  webhookSubscription: Subscription | null;
  userErrors: { field: string[]; message: string }[];
}

async function startReceiver() {
  const received: { topic: string; body: string; hmac: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ topic: String(req.headers['x-shopify-topic']), body: Buffer.concat(chunks).toString('utf8'), hmac: String(req.headers['x-shopify-hmac-sha256']), headers: req.headers });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('sandbox shop: webhook subscriptions', () => {
  let shop: SandboxShop;
  let client: GraphqlClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  async function start(options: SandboxShopOptions = {}) {
    shop = await startSandboxShop({ shopDomain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: LEGACY_TOKEN, apiSecret: LEGACY_SECRET, allowHttpWebhooks: true, ...options });
    ({ client } = await credentialsClient(credentialsApp(shop, CLIENT_ID, CLIENT_SECRET), shop));
  }
  const create = async (topic: string, webhookSubscription: Record<string, unknown>) =>
    (await client.request<{ webhookSubscriptionCreate: Payload }>(webhookSubscriptionCreateMutation, { variables: { topic, webhookSubscription } })).data?.webhookSubscriptionCreate as Payload;
  const list = async (variables: Record<string, unknown> = {}) => {
    const response = await client.request<{ webhookSubscriptions: { nodes: Subscription[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(webhookSubscriptionsQuery, { variables: { first: 50, ...variables } });
    return { ...response.data?.webhookSubscriptions, cost: (response.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost };
  };

  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await shop.close();
    await receiver.close();
  });

  it("creates, lists, updates and deletes the calling app's subscriptions with Shopify's payloads", async () => {
    await start();
    const created = await create('FULFILLMENTS_UPDATE', { uri: `${receiver.base}/webhooks/shopify`, format: 'JSON' });
    expect(created.userErrors).to.deep.equal([]);
    expect(created.webhookSubscription).to.deep.include({ topic: 'FULFILLMENTS_UPDATE', uri: `${receiver.base}/webhooks/shopify`, format: 'JSON' });
    expect(created.webhookSubscription?.id).to.match(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/);
    await create('ORDERS_UPDATED', { uri: `${receiver.base}/webhooks/shopify` });
    expect((await list()).nodes?.map((s) => s.topic)).to.deep.equal(['FULFILLMENTS_UPDATE', 'ORDERS_UPDATED']);
    expect((await list({ topics: ['ORDERS_UPDATED'] })).nodes?.map((s) => s.topic)).to.deep.equal(['ORDERS_UPDATED']);
    const id = created.webhookSubscription?.id;
    const updated = (await client.request<{ webhookSubscriptionUpdate: Payload }>(webhookSubscriptionUpdateMutation, { variables: { id, webhookSubscription: { uri: `${receiver.base}/v2/webhooks` } } })).data?.webhookSubscriptionUpdate;
    expect(updated?.webhookSubscription).to.deep.include({ id, uri: `${receiver.base}/v2/webhooks` });
    const deleted = (await client.request<{ webhookSubscriptionDelete: { deletedWebhookSubscriptionId: string | null } }>(deleteMutation, { variables: { id } })).data?.webhookSubscriptionDelete;
    expect(deleted).to.deep.equal({ deletedWebhookSubscriptionId: id, userErrors: [] });
    expect(shop.webhookSubscriptions().map(({ app, topic }) => ({ app, topic }))).to.deep.equal([{ app: CLIENT_ID, topic: 'ORDERS_UPDATED' }]);
  });

  it("shows an app only its own subscriptions, and filters by uri; another app's id is unknown to it", async () => {
    await start();
    const theirs = shop.addWebhookSubscription({ app: 'another-app', topic: 'orders/updated', uri: 'https://another.example/hooks' });
    const legacy = shop.addWebhookSubscription({ app: 'legacy', topic: 'FULFILLMENTS_UPDATE', uri: 'https://old.example/hooks' });
    await create('FULFILLMENTS_UPDATE', { uri: 'https://new.example/hooks' });
    await create('FULFILLMENTS_CREATE', { uri: 'https://other.example/hooks' });
    expect((await list()).nodes?.map((s) => s.uri)).to.deep.equal(['https://new.example/hooks', 'https://other.example/hooks']);
    const byUri = await client.request<{ webhookSubscriptions: { nodes: Subscription[] } }>('query($uri: String) { webhookSubscriptions(first: 5, uri: $uri) { nodes { topic } } }', { variables: { uri: 'https://other.example/hooks' } });
    expect(byUri.data?.webhookSubscriptions.nodes).to.deep.equal([{ topic: 'FULFILLMENTS_CREATE' }]);
    const deleted = (await client.request<{ webhookSubscriptionDelete: unknown }>(deleteMutation, { variables: { id: `gid://shopify/WebhookSubscription/${theirs.id}` } })).data?.webhookSubscriptionDelete;
    expect(deleted).to.deep.equal({ deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] });
    const seenByLegacy = await fetch(`${shop.origin}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': LEGACY_TOKEN },
      body: JSON.stringify({ query: '{ webhookSubscriptions(first: 5) { nodes { id uri } } }' }),
    });
    expect(((await seenByLegacy.json()) as { data: { webhookSubscriptions: { nodes: unknown[] } } }).data.webhookSubscriptions.nodes).to.deep.equal([
      { id: `gid://shopify/WebhookSubscription/${legacy.id}`, uri: 'https://old.example/hooks' },
    ]);
    expect(shop.webhookSubscriptions()).to.have.length(4);
  });

  it('refuses an address that is not https, unless allowHttpWebhooks; and the same topic and address twice', async () => {
    await start({ allowHttpWebhooks: false });
    const http = await create('FULFILLMENTS_UPDATE', { uri: 'http://127.0.0.1:3000/webhooks/shopify' });
    expect(http).to.deep.equal({ webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address protocol http:// is not supported' }] });
    const invalid = await create('FULFILLMENTS_UPDATE', { uri: 'not an address' });
    expect(invalid.userErrors).to.deep.equal([{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' }]);
    expect((await create('FULFILLMENTS_UPDATE', { callbackUrl: 'https://whereabouts.example/webhooks/shopify' })).userErrors).to.deep.equal([]);
    const twice = await create('FULFILLMENTS_UPDATE', { uri: 'https://whereabouts.example/webhooks/shopify' });
    expect(twice).to.deep.equal({ webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' }] });
    expect(shop.webhookSubscriptions()).to.have.length(1);
  });

  it('prices a mutation at 10 and the connection at 2 + first', async () => {
    await start();
    const mutation = await client.request(webhookSubscriptionCreateMutation, { variables: { topic: 'APP_UNINSTALLED', webhookSubscription: { uri: 'https://whereabouts.example/hooks' } } });
    expect((mutation.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost).to.equal(10);
    expect((await list({ first: 100 })).cost).to.equal(2 + 100);
  });

  it("without webhookUrl, delivers to the app's subscribed address, signed with the app's client secret", async () => {
    await start();
    const order = shop.createOrder({ locale: 'en' });
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000001'], company: 'UPS' });
    await create('FULFILLMENTS_UPDATE', { uri: `${receiver.base}/webhooks/shopify` });
    shop.addWebhookSubscription({ app: 'another-app', topic: 'fulfillments/update', uri: `${receiver.base}/theirs` });
    const delivery = await shop.sendWebhook('fulfillments/update', { fulfillmentId: fulfillment.id });
    expect(delivery.status).to.equal(200);
    expect(receiver.received).to.have.length(1);
    const [received] = receiver.received;
    expect(received.topic).to.equal('fulfillments/update');
    expect(received.hmac).to.equal(createHmac('sha256', CLIENT_SECRET).update(received.body).digest('base64'));
    const legacy = shop.addWebhookSubscription({ app: 'legacy', topic: 'ORDERS_UPDATED', uri: `${receiver.base}/legacy` });
    expect(legacy.topic).to.equal('ORDERS_UPDATED');
    await shop.sendWebhook('orders/updated', { orderId: order.id });
    expect(receiver.received[1].hmac).to.equal(createHmac('sha256', LEGACY_SECRET).update(receiver.received[1].body).digest('base64'));
    let refused: unknown;
    await shop.sendWebhook('disputes/create', { body: '{}' }).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/no webhookUrl and no subscription to disputes\/create/);
  });
});
