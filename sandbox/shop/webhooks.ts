import { createHmac, randomUUID } from 'node:crypto';
import { restDispute, restFulfillment, restOrder, restShop } from './rest-bodies.ts';
import type { ShopStore } from './store.ts';

// Shopify webhooks: a REST-shaped body, signed with the app's secret (base64 HMAC-SHA256 of the exact
// body bytes), posted with Shopify's headers. Shopify gives a receiver 5 seconds to answer with a 2xx.

export interface WebhookSubject {
  orderId?: string;
  fulfillmentId?: string;
  disputeId?: string;
  // A body to send as it is, instead of one built from the shop's records.
  body?: string;
}

export interface WebhookOptions {
  // Change the body after signing it, as a forger would.
  tamper?: boolean;
  // Re-deliver an event: the same event id, with a new webhook id unless one is given.
  eventId?: string;
  webhookId?: string;
  omitHeaders?: string[];
  // Sign with this secret instead of the app's.
  secret?: string;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  ms: number;
  eventId: string;
}

export const WEBHOOK_API_VERSION = '2026-10';
const ANSWER_WITHIN_MS = 5000;

export function signShopifyWebhook(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function webhookBody(store: ShopStore, shopDomain: string, topic: string, subject: WebhookSubject): string {
  if (subject.body !== undefined) return subject.body;
  return JSON.stringify(webhookPayload(store, shopDomain, topic, subject));
}

const resourceKinds: Record<string, 'fulfillment' | 'dispute' | 'order'> = { fulfillments: 'fulfillment', disputes: 'dispute', orders: 'order' };

// The record a topic is about; for other topics, whichever record the subject names.
function webhookPayload(store: ShopStore, shopDomain: string, topic: string, subject: WebhookSubject): unknown {
  const resource = topic.split('/')[0];
  if (resource === 'app' || resource === 'shop') return restShop(shopDomain);
  const kind = resourceKinds[resource] ?? (subject.fulfillmentId ? 'fulfillment' : subject.disputeId ? 'dispute' : 'order');
  if (kind === 'fulfillment') {
    const fulfillment = subject.fulfillmentId === undefined ? undefined : store.fulfillment(subject.fulfillmentId);
    const order = fulfillment && store.order(fulfillment.orderId);
    if (!fulfillment || !order) throw new Error(`${topic} needs the fulfillmentId of a fulfillment in the shop.`);
    return restFulfillment(fulfillment, order);
  }
  if (kind === 'dispute') {
    const dispute = subject.disputeId === undefined ? undefined : store.dispute(subject.disputeId);
    if (!dispute) throw new Error(`${topic} needs the disputeId of a dispute in the shop.`);
    return restDispute(dispute);
  }
  const order = subject.orderId === undefined ? undefined : store.order(subject.orderId);
  if (!order) throw new Error(`${topic} needs the orderId of an order in the shop, or a body.`);
  return restOrder(order);
}

export interface Delivery {
  url: string;
  shopDomain: string;
  secret: string;
  topic: string;
  body: string;
  options: WebhookOptions;
}

export async function deliverWebhook({ url, shopDomain, secret, topic, body, options }: Delivery): Promise<WebhookDelivery> {
  const eventId = options.eventId ?? randomUUID();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Shopify-Captain-Hook',
    'X-Shopify-Topic': topic,
    'X-Shopify-Hmac-Sha256': signShopifyWebhook(body, options.secret ?? secret),
    'X-Shopify-Shop-Domain': shopDomain,
    'X-Shopify-API-Version': WEBHOOK_API_VERSION,
    'X-Shopify-Webhook-Id': options.webhookId ?? randomUUID(),
    'X-Shopify-Event-Id': eventId,
    'X-Shopify-Triggered-At': new Date().toISOString(),
  };
  const omitted = new Set((options.omitHeaders ?? []).map((name) => name.toLowerCase()));
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => !omitted.has(name.toLowerCase())));
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers: sent, body: options.tamper ? tampered(body) : body, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const answer = await response.text();
    return { status: response.status, body: answer, ms: Math.round(performance.now() - started), eventId };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new Error(`The webhook receiver did not answer ${topic} within ${ANSWER_WITHIN_MS} ms.`, { cause: error });
    }
    throw error;
  }
}

// Still valid JSON, so only the signature can tell.
function tampered(body: string): string {
  return /^\{\s*"/.test(body) ? `{"forged":true,${body.slice(1)}` : `${body} `;
}
