import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLEnumType } from 'graphql';
import { CostBucket, DEFAULT_COST_LIMITS, type CostLimits } from './bucket.ts';
import { ShopFactory } from './factory.ts';
import { generateShop } from './generate.ts';
import type { Endpoint, ShopStats } from './graphql-endpoint.ts';
import { handleHttp, type HttpState } from './http.ts';
import { shopSchema } from './schema.ts';
import { ShopStore } from './store.ts';
import { ChangeStamps } from './time.ts';
import type {
  DisputeInput,
  DisputeStatus,
  FulfillmentInput,
  OrderInput,
  SandboxDispute,
  SandboxDisputeEvidence,
  SandboxFulfillment,
  SandboxFulfillmentEvent,
  SandboxOrder,
  TrackingUpdate,
} from './types.ts';
import { deliverWebhook, webhookBody, type WebhookDelivery, type WebhookOptions, type WebhookSubject } from './webhooks.ts';

// A local stand-in for a Shopify shop: the Admin GraphQL API the service reads orders from and writes
// fulfillment events and dispute evidence to, and the webhooks Shopify sends. The real client reaches it
// through SHOPIFY_ADMIN_API_URL = origin.

export type * from './types.ts';
export type { ShopStats } from './graphql-endpoint.ts';
export type { WebhookDelivery, WebhookOptions, WebhookSubject } from './webhooks.ts';

export interface SandboxShopOptions {
  port?: number;
  shopDomain?: string;
  // The X-Shopify-Access-Token the API insists on; without it any non-empty token is accepted.
  accessToken?: string;
  apiSecret?: string;
  webhookUrl?: string;
  orders?: number;
  seed?: number;
  cost?: CostLimits | false;
}

export type WebhookTopic = 'fulfillments/create' | 'fulfillments/update' | 'orders/updated' | 'orders/cancelled' | 'app/uninstalled' | 'disputes/create' | 'disputes/update';

export interface SandboxShop {
  origin: string;
  shopDomain: string;
  listOrders(): SandboxOrder[];
  getOrder(orderId: string): SandboxOrder | undefined;
  createOrder(input?: Partial<OrderInput>): SandboxOrder;
  createFulfillment(orderId: string, input: FulfillmentInput): SandboxFulfillment;
  updateFulfillmentTracking(fulfillmentId: string, input: TrackingUpdate): SandboxFulfillment;
  cancelFulfillment(fulfillmentId: string): SandboxFulfillment;
  cancelOrder(orderId: string): SandboxOrder;
  listDisputes(): SandboxDispute[];
  createDispute(orderId: string, input?: Partial<DisputeInput>): SandboxDispute;
  updateDispute(disputeId: string, input: Partial<{ status: string }>): SandboxDispute;
  fulfillmentEvents(fulfillmentId: string): SandboxFulfillmentEvent[];
  disputeEvidence(disputeId: string): SandboxDisputeEvidence | undefined;
  sendWebhook(topic: WebhookTopic | (string & {}), subject: WebhookSubject, options?: WebhookOptions): Promise<WebhookDelivery>;
  webhookBody(topic: WebhookTopic | (string & {}), subject: WebhookSubject): string;
  throttleNext(count: number): void;
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  stats(): ShopStats;
  close(): Promise<void>;
}

export const DEFAULT_SHOP_DOMAIN = 'whereabouts-sandbox.myshopify.com';

export async function startSandboxShop(options: SandboxShopOptions = {}): Promise<SandboxShop> {
  const shopDomain = options.shopDomain ?? DEFAULT_SHOP_DOMAIN;
  const schema = shopSchema();
  const store = new ShopStore(options.seed ?? 1);
  const factory = new ShopFactory(store, options.seed ?? 1);
  const stamps = new ChangeStamps();
  generateShop(store, factory, options.orders ?? 0, Date.now());
  for (const order of store.orders()) stamps.observe(order.updatedAt);
  const stats: ShopStats = { requests: 0, throttled: 0, rateLimited: 0, byOperation: {}, costSpent: 0 };
  const bucket = new CostBucket(options.cost === undefined ? DEFAULT_COST_LIMITS : options.cost);
  const endpoint: Endpoint = { schema, store, shopDomain, stamps, bucket, stats, forcedThrottles: 0 };
  const http: HttpState = { endpoint, accessToken: options.accessToken, rateLimits: { remaining: 0, retryAfterSeconds: 1 } };
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
      if (!options.webhookUrl) throw new Error('The sandbox shop has no webhookUrl to send to.');
      const secret = webhookOptions.secret ?? options.apiSecret;
      if (secret === undefined) throw new Error('The sandbox shop needs apiSecret (or a secret option) to sign webhooks.');
      const body = webhookBody(store, shopDomain, topic, subject);
      return deliverWebhook({ url: options.webhookUrl, shopDomain, secret, topic, body, options: webhookOptions });
    },
    throttleNext(count) {
      endpoint.forcedThrottles = Math.max(0, Math.trunc(count));
    },
    rateLimitNext(count, retryAfterSeconds) {
      http.rateLimits = { remaining: Math.max(0, Math.trunc(count)), retryAfterSeconds };
    },
    stats: () => structuredClone(stats),
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
