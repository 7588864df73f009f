import type { CostLimits } from './bucket.ts';
import type { ShopStats } from './graphql-endpoint.ts';
import type {
  DisputeInput,
  FulfillmentInput,
  OrderInput,
  SandboxDispute,
  SandboxDisputeEvidence,
  SandboxFulfillment,
  SandboxFulfillmentEvent,
  SandboxOrder,
  TrackingUpdate,
} from './types.ts';
import type { WebhookDelivery, WebhookOptions, WebhookSubject } from './webhooks.ts';

// What startSandboxShop takes and gives: its options, and the methods tests and the demo use to read and
// change the shop.

export interface SandboxShopOptions {
  port?: number;
  shopDomain?: string;
  // A static X-Shopify-Access-Token (the legacy custom-app path). Without it and without clientId, any
  // non-empty token is accepted.
  accessToken?: string;
  // Signs webhooks to webhookUrl and to the legacy app's subscriptions.
  apiSecret?: string;
  webhookUrl?: string;
  orders?: number;
  seed?: number;
  cost?: CostLimits | false;
  // The app allowed the client credentials grant; its tokens sign in as this client id.
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  // Refuse the grant with shop_not_permitted, as for a shop outside the app's organisation.
  shopNotPermitted?: boolean;
  // The granted access scopes (default DEFAULT_SCOPES).
  scopes?: string[];
  // Whether the app is approved for protected customer data (default true).
  protectedCustomerData?: boolean;
  // Take http:// webhook subscription addresses, which Shopify refuses; for receivers on 127.0.0.1.
  allowHttpWebhooks?: boolean;
}

// A subscription as the test API shows it.
export interface WebhookSubscriptionSummary {
  id: string;
  app: string;
  topic: string;
  uri: string;
  format: string;
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
  // Every issued token stops working now; the static accessToken keeps working.
  expireTokens(): void;
  setScopes(scopes: string[]): void;
  setProtectedCustomerData(allowed: boolean): void;
  // Every app's subscriptions, oldest first.
  webhookSubscriptions(): WebhookSubscriptionSummary[];
  // Seed a subscription, e.g. one made by another app, or an outdated one of ours. topic is
  // 'orders/updated' or 'ORDERS_UPDATED'.
  addWebhookSubscription(input: { app: string; topic: string; uri: string; format?: 'JSON' | 'XML' }): WebhookSubscriptionSummary;
  close(): Promise<void>;
}
