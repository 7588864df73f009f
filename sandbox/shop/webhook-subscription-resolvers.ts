import { gid, idFromGid } from './ids.ts';
import { paginate, type PageArgs } from './paging.ts';
import type { Resolver, ResolverContext } from './queries.ts';
import { WEBHOOK_API_VERSION } from './webhooks.ts';
import type { SandboxWebhookSubscription, SubscriptionDraft, WebhookFormat } from './webhook-subscriptions.ts';

// webhookSubscriptions and its three mutations, with Shopify's payloads and userErrors. The calling app
// (ResolverContext.app) sees and changes only its own subscriptions.

interface SubscriptionInput {
  uri?: string | null;
  callbackUrl?: string | null;
  format?: WebhookFormat | null;
  name?: string | null;
  filter?: string | null;
  includeFields?: string[] | null;
  metafieldNamespaces?: string[] | null;
}

type UserError = { field: string[]; message: string };

const ADDRESS_FIELD = ['webhookSubscription', 'callbackUrl'];
const NOT_FOUND: UserError = { field: ['id'], message: 'Webhook subscription does not exist' };

const webhookSubscriptions: Resolver<unknown> = (_, args, { subscriptions, app }: ResolverContext) => {
  const topics = args.topics as string[] | null | undefined;
  const uri = (args.uri ?? args.callbackUrl) as string | null | undefined;
  const items = subscriptions
    .all()
    .filter((item) => item.app === app && (!topics || topics.includes(item.topic)) && (uri == null || item.uri === uri) && (args.format == null || item.format === args.format));
  const byCreation = args.sortKey !== 'ID';
  return paginate(items, (item) => ({ value: byCreation ? Date.parse(item.createdAt) : 0, id: item.id }), args as PageArgs);
};

const webhookSubscription: Resolver<unknown> = (_, args, { subscriptions, app }: ResolverContext) => own(subscriptions, app, args.id) ?? null;

const webhookSubscriptionCreate: Resolver<unknown> = (_, args, context: ResolverContext) => {
  const input = args.webhookSubscription as SubscriptionInput;
  const uri = input.uri ?? input.callbackUrl ?? null;
  const problem = addressProblem(context, uri, String(args.topic));
  if (problem || uri === null) return { webhookSubscription: null, userErrors: [problem] };
  const draft: SubscriptionDraft = { app: context.app, topic: String(args.topic), uri, ...details(input) };
  return { webhookSubscription: context.subscriptions.add(draft, context.stamps.next()), userErrors: [] };
};

const webhookSubscriptionUpdate: Resolver<unknown> = (_, args, context: ResolverContext) => {
  const subscription = own(context.subscriptions, context.app, args.id);
  if (!subscription) return { webhookSubscription: null, userErrors: [NOT_FOUND] };
  const input = args.webhookSubscription as SubscriptionInput;
  const uri = input.uri ?? input.callbackUrl ?? undefined;
  if (uri !== undefined && uri !== subscription.uri) {
    const problem = addressProblem(context, uri, subscription.topic);
    if (problem) return { webhookSubscription: null, userErrors: [problem] };
  }
  const changes = { ...(uri === undefined ? {} : { uri }), ...details(input) };
  return { webhookSubscription: context.subscriptions.update(subscription.id, changes, context.stamps.next()), userErrors: [] };
};

const webhookSubscriptionDelete: Resolver<unknown> = (_, args, { subscriptions, app }: ResolverContext) => {
  const subscription = own(subscriptions, app, args.id);
  if (!subscription) return { deletedWebhookSubscriptionId: null, userErrors: [NOT_FOUND] };
  subscriptions.delete(subscription.id);
  return { deletedWebhookSubscriptionId: gid('WebhookSubscription', subscription.id), userErrors: [] };
};

export const webhookQueryResolvers = { webhookSubscriptions, webhookSubscription };
export const webhookMutationResolvers = { webhookSubscriptionCreate, webhookSubscriptionUpdate, webhookSubscriptionDelete };

export const webhookSubscriptionFields: Record<string, Resolver<SandboxWebhookSubscription>> = {
  id: (s) => gid('WebhookSubscription', s.id),
  legacyResourceId: (s) => s.id,
  callbackUrl: (s) => s.uri,
  apiVersion: () => ({ handle: WEBHOOK_API_VERSION, displayName: WEBHOOK_API_VERSION, supported: true }),
};

function own(subscriptions: ResolverContext['subscriptions'], app: string, id: unknown): SandboxWebhookSubscription | undefined {
  const number = idFromGid(String(id), 'WebhookSubscription');
  return number === undefined ? undefined : subscriptions.get(number, app);
}

// The optional settings an input gives; absent ones are left as they are.
function details(input: SubscriptionInput): Partial<SubscriptionDraft> {
  const keys = ['format', 'name', 'filter', 'includeFields', 'metafieldNamespaces'] as const;
  return Object.fromEntries(keys.filter((key) => input[key] != null).map((key) => [key, input[key]]));
}

// Shopify delivers over HTTPS only (or to Pub/Sub and EventBridge, which the sandbox accepts and never
// calls). Plain http is allowed when the sandbox was started with allowHttpWebhooks, for loopback tests.
function addressProblem(context: ResolverContext, uri: string | null, topic: string): UserError | undefined {
  const refuse = (message: string) => ({ field: ADDRESS_FIELD, message });
  if (!uri) return refuse("Address can't be blank");
  const external = /^pubsub:\/\/[^:/]+:\S+$/.test(uri) || /^arn:aws:events:/.test(uri);
  if (!external) {
    if (!URL.canParse(uri)) return refuse('Address is invalid');
    const { protocol } = new URL(uri);
    if (protocol !== 'https:' && !(protocol === 'http:' && context.allowHttpWebhooks)) return refuse(`Address protocol ${protocol}// is not supported`);
  }
  if (context.subscriptions.find(context.app, topic, uri).length > 0) return refuse('Address for this topic has already been taken');
  return undefined;
}
