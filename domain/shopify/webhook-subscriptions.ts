import type { ShopifyAdmin } from './admin-api.ts';
import { webhookSubscriptionCreateMutation, webhookSubscriptionsQuery, webhookSubscriptionUpdateMutation } from './connect-queries.ts';

// The service subscribes to Shopify's webhooks itself: webhooks made by hand in the Shopify admin are
// signed with another key than the app's secret, and every one of them would be refused. One
// subscription per topic the service handles, at $PUBLIC_URL/webhooks/shopify. Shopify lists only the
// calling app's subscriptions; of those, ours are the ones whose address ends in /webhooks/shopify: one
// with an outdated address (PUBLIC_URL changed) is moved, anything else is never touched or deleted.

export const SHOPIFY_WEBHOOK_PATH = '/webhooks/shopify';

export const SHOPIFY_WEBHOOK_TOPICS = ['FULFILLMENTS_CREATE', 'FULFILLMENTS_UPDATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED', 'DISPUTES_CREATE', 'DISPUTES_UPDATE'] as const;
export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

export interface SubscriptionOutcome {
  topic: ShopifyWebhookTopic;
  action: 'created' | 'updated' | 'unchanged' | 'refused';
  uri: string;
  // Shopify's userErrors, when it refused.
  problem?: string;
}

interface Subscription {
  id: string;
  topic: string;
  uri: string;
}

interface UserError {
  field: string[] | null;
  message: string;
}

type Payload = { webhookSubscription: Subscription | null; userErrors: UserError[] };

export function shopifyWebhookUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${SHOPIFY_WEBHOOK_PATH}`;
}

export async function ensureShopifyWebhooks(admin: ShopifyAdmin, publicUrl: string, topics: readonly ShopifyWebhookTopic[] = SHOPIFY_WEBHOOK_TOPICS): Promise<SubscriptionOutcome[]> {
  const uri = shopifyWebhookUri(publicUrl);
  const ours = (await listSubscriptions(admin, topics)).filter((s) => isOurs(s.uri));
  const outcomes: SubscriptionOutcome[] = [];
  for (const topic of topics) {
    const existing = ours.filter((s) => s.topic === topic);
    if (existing.some((s) => s.uri === uri)) {
      outcomes.push({ topic, action: 'unchanged', uri });
      continue;
    }
    const outdated = existing[0];
    const payload = outdated
      ? (await admin.graphql<{ webhookSubscriptionUpdate: Payload }>(webhookSubscriptionUpdateMutation, { id: outdated.id, webhookSubscription: { uri } })).webhookSubscriptionUpdate
      : (await admin.graphql<{ webhookSubscriptionCreate: Payload }>(webhookSubscriptionCreateMutation, { topic, webhookSubscription: { uri, format: 'JSON' } })).webhookSubscriptionCreate;
    if (payload.userErrors.length > 0 || !payload.webhookSubscription) {
      outcomes.push({ topic, action: 'refused', uri, problem: payload.userErrors.map((e) => e.message).join('; ') || 'no subscription returned' });
    } else {
      outcomes.push({ topic, action: outdated ? 'updated' : 'created', uri });
    }
  }
  return outcomes;
}

function isOurs(uri: string): boolean {
  try {
    return new URL(uri).pathname.replace(/\/+$/, '').endsWith(SHOPIFY_WEBHOOK_PATH);
  } catch {
    return false;
  }
}

async function listSubscriptions(admin: ShopifyAdmin, topics: readonly string[]): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let after: string | null = null;
  do {
    const data: { webhookSubscriptions: { nodes: Subscription[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await admin.graphql(
      webhookSubscriptionsQuery,
      { first: 50, after, topics },
    );
    all.push(...data.webhookSubscriptions.nodes);
    after = data.webhookSubscriptions.pageInfo.hasNextPage ? data.webhookSubscriptions.pageInfo.endCursor : null;
  } while (after);
  return all;
}
