import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLEnumType } from 'graphql';
import { DEFAULT_SCOPES, type ShopAccess } from './access.ts';
import { CostBucket, DEFAULT_COST_LIMITS } from './bucket.ts';
import { ShopFactory } from './factory.ts';
import { generateShop } from './generate.ts';
import type { Endpoint, ShopStats } from './graphql-endpoint.ts';
import { handleHttp, LEGACY_APP, type HttpState } from './http.ts';
import type { SandboxShop, SandboxShopOptions, WebhookSubscriptionSummary } from './shop-api.ts';
import { shopSchema } from './schema.ts';
import { ShopStore } from './store.ts';
import { ChangeStamps } from './time.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, TokenRegistry } from './tokens.ts';
import type { DisputeStatus } from './types.ts';
import { deliverWebhook, webhookBody, type WebhookDelivery } from './webhooks.ts';
import { topicEnum, WebhookSubscriptions, type SubscriptionDraft } from './webhook-subscriptions.ts';

// A local stand-in for a Shopify shop: the Admin GraphQL API the service reads orders from and writes
// fulfillment events and dispute evidence to, and the webhooks Shopify sends. The real client reaches it
// through SHOPIFY_ADMIN_API_URL = origin.

export type * from './types.ts';
export type { ShopStats } from './graphql-endpoint.ts';
export type { WebhookDelivery, WebhookOptions, WebhookSubject } from './webhooks.ts';
export type { SandboxWebhookSubscription, WebhookFormat } from './webhook-subscriptions.ts';
export { DEFAULT_SCOPES } from './access.ts';
export type { SandboxShop, SandboxShopOptions, WebhookSubscriptionSummary, WebhookTopic } from './shop-api.ts';

export const DEFAULT_SHOP_DOMAIN = 'whereabouts-sandbox.myshopify.com';

export async function startSandboxShop(options: SandboxShopOptions = {}): Promise<SandboxShop> {
  const shopDomain = options.shopDomain ?? DEFAULT_SHOP_DOMAIN;
  const schema = shopSchema();
  const store = new ShopStore(options.seed ?? 1);
  const factory = new ShopFactory(store, options.seed ?? 1);
  const stamps = new ChangeStamps();
  generateShop(store, factory, options.orders ?? 0, Date.now());
  for (const order of store.orders()) stamps.observe(order.updatedAt);
  const stats: ShopStats = { requests: 0, throttled: 0, rateLimited: 0, byOperation: {}, costSpent: 0, tokensIssued: 0 };
  const bucket = new CostBucket(options.cost === undefined ? DEFAULT_COST_LIMITS : options.cost);
  const access: ShopAccess = { scopes: [...(options.scopes ?? DEFAULT_SCOPES)], protectedCustomerData: options.protectedCustomerData ?? true };
  const subscriptions = new WebhookSubscriptions(() => store.newId());
  const allowHttpWebhooks = options.allowHttpWebhooks ?? false;
  const endpoint: Endpoint = { schema, store, shopDomain, stamps, bucket, stats, access, subscriptions, allowHttpWebhooks, forcedThrottles: 0 };
  const tokens = new TokenRegistry();
  const credentials = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    shopNotPermitted: options.shopNotPermitted ?? false,
  };
  const http: HttpState = { endpoint, accessToken: options.accessToken, credentials, tokens, rateLimits: { remaining: 0, retryAfterSeconds: 1 } };
  const server = createServer({ keepAlive: true }, (req, res) => void handleHttp(http, req, res).catch((error: unknown) => answerFailure(res, error)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const enumValue = (type: string, value: string): string => {
    const enumType = schema.getType(type);
    if (!(enumType instanceof GraphQLEnumType) || !enumType.getValue(value)) throw new RangeError(`${value} is not a ${type}.`);
    return value;
  };
  // Each of the shop's own apps signs with its own secret; subscriptions of other apps get nothing from here.
  const secretOf = (app: string) => (app === options.clientId ? options.clientSecret : app === LEGACY_APP ? options.apiSecret : undefined);
  const summary = ({ id, app, topic, uri, format }: SubscriptionDraft & { id: string }): WebhookSubscriptionSummary => ({ id, app, topic, uri, format: format ?? 'JSON' });
  const requireOrder = (orderId: string) => {
    const order = store.order(orderId);
    if (!order) throw new Error(`The sandbox shop has no order ${orderId}.`);
    return order;
  };

  return {
    origin: `http://127.0.0.1:${port}`,
    shopDomain,
    listOrders: () => structuredClone(store.orders()),
    getOrder: (orderId) => copy(store.order(orderId)),
    createOrder(input = {}) {
      const at = stamps.next();
      return structuredClone(store.addOrder(factory.orderDraft(input, at), at));
    },
    createFulfillment: (orderId, input) => structuredClone(store.addFulfillment(orderId, input, stamps.next())),
    updateFulfillmentTracking: (fulfillmentId, input) => structuredClone(store.setTracking(fulfillmentId, input, stamps.next())),
    cancelFulfillment: (fulfillmentId) => structuredClone(store.setFulfillmentStatus(fulfillmentId, 'CANCELLED', stamps.next())),
    cancelOrder: (orderId) => structuredClone(store.cancelOrder(orderId, stamps.next())),
    listDisputes: () => structuredClone(store.disputes()),
    createDispute(orderId, input = {}) {
      const order = requireOrder(orderId);
      if (input.status) enumValue('DisputeStatus', input.status);
      if (input.reason) enumValue('ShopifyPaymentsDisputeReason', input.reason);
      const at = stamps.next();
      return structuredClone(store.addDispute(orderId, factory.disputeDraft(order, input, Date.parse(at)), at));
    },
    updateDispute(disputeId, input) {
      const status = input.status === undefined ? store.dispute(disputeId)?.status : enumValue('DisputeStatus', input.status);
      return structuredClone(store.setDisputeStatus(disputeId, (status ?? 'NEEDS_RESPONSE') as DisputeStatus, stamps.next()));
    },
    fulfillmentEvents: (fulfillmentId) => structuredClone(store.fulfillment(fulfillmentId)?.events ?? []),
    disputeEvidence: (disputeId) => copy(store.dispute(disputeId)?.evidence),
    webhookBody: (topic, subject) => webhookBody(store, shopDomain, topic, subject),
    async sendWebhook(topic, subject, webhookOptions = {}) {
      const body = webhookBody(store, shopDomain, topic, subject);
      if (options.webhookUrl) {
        // Signed as Shopify signs an app's webhooks: with a Dev Dashboard app's client secret, else the
        // legacy app's secret.
        const secret = webhookOptions.secret ?? options.clientSecret ?? options.apiSecret;
        if (secret === undefined) throw new Error('The sandbox shop needs clientSecret or apiSecret (or a secret option) to sign webhooks.');
        return deliverWebhook({ url: options.webhookUrl, shopDomain, secret, topic, body, options: webhookOptions });
      }
      // Without webhookUrl, like Shopify: to every subscription our apps hold for the topic, oldest first.
      const targets = [options.clientId, LEGACY_APP].flatMap((app) => (app === undefined ? [] : subscriptions.find(app, topic)));
      if (targets.length === 0) throw new Error(`The sandbox shop has no webhookUrl and no subscription to ${topic} to send to.`);
      const deliveries: WebhookDelivery[] = [];
      for (const target of targets) {
        const secret = webhookOptions.secret ?? secretOf(target.app);
        if (secret === undefined) throw new Error(`The sandbox shop has no secret to sign webhooks for the app ${target.app}.`);
        deliveries.push(await deliverWebhook({ url: target.uri, shopDomain, secret, topic, body, options: webhookOptions }));
      }
      return deliveries[0];
    },
    throttleNext(count) {
      endpoint.forcedThrottles = Math.max(0, Math.trunc(count));
    },
    rateLimitNext(count, retryAfterSeconds) {
      http.rateLimits = { remaining: Math.max(0, Math.trunc(count)), retryAfterSeconds };
    },
    stats: () => structuredClone(stats),
    expireTokens: () => tokens.expireAll(),
    setScopes(scopes) {
      access.scopes = [...scopes];
    },
    setProtectedCustomerData(allowed) {
      access.protectedCustomerData = allowed;
    },
    webhookSubscriptions: () => subscriptions.all().map(summary),
    addWebhookSubscription(input) {
      enumValue('WebhookSubscriptionTopic', topicEnum(input.topic));
      return summary(subscriptions.add(input, stamps.next()));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// A fault in the sandbox itself: say so loudly rather than leave the client guessing.
function answerFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: `Sandbox shop failure: ${error instanceof Error ? error.message : String(error)}` }));
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
