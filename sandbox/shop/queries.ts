import { idFromGid, type GidType } from './ids.ts';
import { paginate, type PageArgs, type SortValue } from './paging.ts';
import { applySearch, matchesId, matchesInstant, type FieldMatcher, type SearchWarning } from './search.ts';
import type { ShopAccess } from './access.ts';
import type { ChangeStamps } from './time.ts';
import type { ShopStore } from './store.ts';
import type { WebhookSubscriptions } from './webhook-subscriptions.ts';
import type { SandboxDispute, SandboxFulfillment, SandboxOrder } from './types.ts';

// The read side of the API: lookups by gid and the searchable, pageable connections.

// A field resolver of the sandbox schema; here beside its context so resolver files need not import each other.
export type Resolver<Source> = (source: Source, args: Record<string, unknown>, context: ResolverContext) => unknown;

export interface ResolverContext {
  store: ShopStore;
  shopDomain: string;
  stamps: ChangeStamps;
  // The app behind the access token: a client id, or 'legacy' for the static token.
  app: string;
  access: ShopAccess;
  subscriptions: WebhookSubscriptions;
  allowHttpWebhooks: boolean;
  // Shopify reports search terms it ignored in extensions.search; so does the sandbox.
  searchWarnings: { path: string[]; query: string; warnings: SearchWarning[] }[];
  // The concrete type of each record handed out through the Node interface.
  typeOf: WeakMap<object, string>;
}

export interface FoundNode {
  type: GidType;
  record: object;
}

// The record a gid names, when it is one of the given types (any type the sandbox keeps, by default).
export function findNode(store: ShopStore, value: string, types?: GidType[]): FoundNode | undefined {
  const lookups: [GidType, (id: string) => object | undefined][] = [
    ['Order', (id) => store.order(id)],
    ['Fulfillment', (id) => store.fulfillment(id)],
    ['Customer', (id) => store.customer(id)],
    ['ShopifyPaymentsDispute', (id) => store.dispute(id)],
  ];
  for (const [type, lookup] of lookups) {
    if (types && !types.includes(type)) continue;
    const id = idFromGid(value, type);
    const record = id === undefined ? undefined : lookup(id);
    if (record) return { type, record };
  }
  return undefined;
}

const orderSortValues: Record<string, (order: SandboxOrder) => SortValue> = {
  ID: () => 0,
  UPDATED_AT: (order) => Date.parse(order.updatedAt),
  CREATED_AT: (order) => Date.parse(order.createdAt),
  PROCESSED_AT: (order) => Date.parse(order.createdAt),
  ORDER_NUMBER: (order) => order.orderNumber,
};

const orderFields: Record<string, FieldMatcher<SandboxOrder>> = {
  updated_at: (order, term) => matchesInstant(order.updatedAt, term),
  created_at: (order, term) => matchesInstant(order.createdAt, term),
  processed_at: (order, term) => matchesInstant(order.createdAt, term),
  id: (order, term) => matchesId(order.id, term),
  name: (order, term) => order.name.replace(/^#/, '') === term.value.replace(/^#/, ''),
  email: (order, term) => (order.email ?? '').toLowerCase() === term.value.toLowerCase(),
  status: (order, term) => orderHasStatus(order, term.value.toLowerCase()),
};

export function orderConnection(context: ResolverContext, args: Record<string, unknown>) {
  const query = typeof args.query === 'string' ? args.query : undefined;
  const { items, warnings } = applySearch(context.store.orders(), query, orderFields);
  noteWarnings(context, ['orders'], query, warnings);
  const sortValue = orderSortValues[String(args.sortKey ?? 'ID')] ?? orderSortValues.ID;
  return paginate(items, (order) => ({ value: sortValue(order), id: order.id }), args as PageArgs);
}

const disputeFields: Record<string, FieldMatcher<SandboxDispute>> = {
  status: (dispute, term) => dispute.status === term.value.toUpperCase(),
  initiated_at: (dispute, term) => matchesInstant(dispute.initiatedAt, term),
  id: (dispute, term) => matchesId(dispute.id, term),
};

export function disputeConnection(context: ResolverContext, args: Record<string, unknown>) {
  const query = typeof args.query === 'string' ? args.query : undefined;
  const { items, warnings } = applySearch(context.store.disputes(), query, disputeFields);
  noteWarnings(context, ['shopifyPaymentsAccount', 'disputes'], query, warnings);
  return paginate(items, (dispute) => ({ value: 0, id: dispute.id }), args as PageArgs);
}

export function eventConnection(fulfillment: SandboxFulfillment, args: Record<string, unknown>) {
  return paginate(fulfillment.events, (event) => ({ value: 0, id: event.id }), args as PageArgs);
}

function orderHasStatus(order: SandboxOrder, status: string): boolean {
  if (status === 'any') return true;
  if (status === 'open' || status === 'not_closed') return order.cancelledAt === null;
  if (status === 'closed' || status === 'cancelled') return order.cancelledAt !== null;
  return false;
}

function noteWarnings(context: ResolverContext, path: string[], query: string | undefined, warnings: SearchWarning[]): void {
  if (query !== undefined && warnings.length > 0) context.searchWarnings.push({ path, query, warnings });
}
