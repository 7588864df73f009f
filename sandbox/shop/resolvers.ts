import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLTypeResolver } from 'graphql';
import { accessScopes, fieldRefusal, nodeRefusal } from './access.ts';
import { gid } from './ids.ts';
import { mutationResolvers } from './mutations.ts';
import { findNode, orderConnection, disputeConnection, eventConnection, type Resolver, type ResolverContext } from './queries.ts';
import { webhookMutationResolvers, webhookQueryResolvers, webhookSubscriptionFields } from './webhook-subscription-resolvers.ts';
import type { Address, SandboxCustomer, SandboxDispute, SandboxFulfillment, SandboxFulfillmentEvent, SandboxOrder } from './types.ts';

// Field resolvers over the store's records, keyed by GraphQL type. Fields not listed here read the
// record property of the same name.

type Resolvers<Source> = Record<string, Resolver<Source>>;
type MailingAddressSource = Address & { id: string };

const FIRST = (args: Record<string, unknown>) => (typeof args.first === 'number' ? Math.max(0, args.first) : undefined);
const ACCOUNT = { country: 'US', defaultCurrency: 'USD', activated: true };
const EVIDENCE_TEXT_FIELDS = [
  'accessActivityLog',
  'cancellationPolicyDisclosure',
  'cancellationRebuttal',
  'customerEmailAddress',
  'customerFirstName',
  'customerLastName',
  'refundPolicyDisclosure',
  'refundRefusalExplanation',
  'uncategorizedText',
];

const queryRoot: Resolvers<unknown> = {
  order: (_, args, { store }) => findNode(store, String(args.id), ['Order'])?.record ?? null,
  orders: (_, args, context) => orderConnection(context, args),
  fulfillment: (_, args, { store }) => findNode(store, String(args.id), ['Fulfillment'])?.record ?? null,
  customer: (_, args, { store }) => findNode(store, String(args.id), ['Customer'])?.record ?? null,
  node: (_, args, { store, typeOf, access }) => {
    const found = findNode(store, String(args.id));
    if (!found) return null;
    const refusal = nodeRefusal(access, found.type);
    if (refusal) throw refusal;
    typeOf.set(found.record, found.type);
    return found.record;
  },
  shop: (_, __, { shopDomain }) => ({ id: gid('Shop', '1'), name: 'Whereabouts Sandbox', myshopifyDomain: shopDomain, currencyCode: 'USD', ianaTimezone: 'Etc/GMT+5' }),
  shopifyPaymentsAccount: () => ACCOUNT,
  currentAppInstallation: (_, __, { access }) => ({ id: gid('AppInstallation', '1'), accessScopes: accessScopes(access) }),
  ...webhookQueryResolvers,
};

const order: Resolvers<SandboxOrder> = {
  id: (o) => gid('Order', o.id),
  legacyResourceId: (o) => o.id,
  processedAt: (o) => o.createdAt,
  closed: (o) => o.cancelledAt !== null,
  totalPriceSet: (o) => ({ shopMoney: money(o.totalPrice, o.currencyCode), presentmentMoney: money(o.totalPrice, o.currencyCode) }),
  displayFulfillmentStatus: (o) => (o.fulfillments.some((f) => f.status === 'SUCCESS' || f.status === 'OPEN') ? 'FULFILLED' : 'UNFULFILLED'),
  shippingAddress: (o) => o.shippingAddress && { ...o.shippingAddress, id: `${gid('MailingAddress', o.id)}?model_name=Address` },
  fulfillments: (o, args) => o.fulfillments.slice(0, FIRST(args)),
};

const customer: Resolvers<SandboxCustomer> = {
  id: (c) => gid('Customer', c.id),
  legacyResourceId: (c) => c.id,
  displayName: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'Customer',
};

const mailingAddress: Resolvers<MailingAddressSource> = {
  countryCodeV2: (a) => (a.countryCode && COUNTRY_CODES.has(a.countryCode) ? a.countryCode : null),
};

const fulfillment: Resolvers<SandboxFulfillment> = {
  id: (f) => gid('Fulfillment', f.id),
  legacyResourceId: (f) => f.id,
  displayStatus: (f) => displayStatus(f),
  trackingInfo: (f, args) => trackingInfo(f).slice(0, FIRST(args)),
  order: (f, _, { store }) => store.order(f.orderId),
  events: (f, args) => eventConnection(f, args),
};

const fulfillmentEvent: Resolvers<SandboxFulfillmentEvent> = {
  id: (e) => gid('FulfillmentEvent', e.id),
  happenedAt: (e) => e.happenedAt ?? e.createdAt,
};

const paymentsAccount: Resolvers<unknown> = {
  id: () => gid('ShopifyPaymentsAccount', '1'),
  disputes: (_, args, context) => disputeConnection(context, args),
};

const dispute: Resolvers<SandboxDispute> = {
  id: (d) => gid('ShopifyPaymentsDispute', d.id),
  legacyResourceId: (d) => d.id,
  amount: (d) => money(d.amount, d.currencyCode),
  reasonDetails: (d) => ({ reason: d.reason, networkReasonCode: d.networkReasonCode }),
  order: (d, _, { store }) => store.order(d.orderId) ?? null,
  disputeEvidence: (d) => d,
};

// The evidence lives on the dispute record; its id shares the dispute's number.
const disputeEvidence: Resolvers<SandboxDispute> = {
  id: (d) => gid('ShopifyPaymentsDisputeEvidence', d.id),
  submitted: (d) => d.evidence.submitted,
  shippingAddress: (d) => evidenceAddress(d),
  dispute: (d) => d,
  ...Object.fromEntries(EVIDENCE_TEXT_FIELDS.map((field) => [field, (d: SandboxDispute) => d.evidence.fields[field] ?? null])),
};

const resolvers: Record<string, Resolvers<never>> = {
  QueryRoot: queryRoot,
  Mutation: { ...mutationResolvers, ...webhookMutationResolvers },
  Order: order,
  Customer: customer,
  MailingAddress: mailingAddress,
  Fulfillment: fulfillment,
  FulfillmentEvent: fulfillmentEvent,
  ShopifyPaymentsAccount: paymentsAccount,
  ShopifyPaymentsDispute: dispute,
  ShopifyPaymentsDisputeEvidence: disputeEvidence,
  WebhookSubscription: webhookSubscriptionFields,
};

// Every field passes the app's access first: a refused field throws, and graphql-js answers it with null
// and an error carrying its path, as Shopify does.
export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, context, info) => {
  const refusal = fieldRefusal(context.access, info.parentType.name, info.fieldName);
  if (refusal) throw refusal;
  const resolve = resolvers[info.parentType.name]?.[info.fieldName] as Resolver<unknown> | undefined;
  return resolve ? resolve(source, args, context) : defaultFieldResolver(source, args, context, info);
};

export const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value, context) =>
  typeof value === 'object' && value !== null ? context.typeOf.get(value) : undefined;

const COUNTRY_CODES = new Set(['AT', 'AU', 'BE', 'BR', 'CA', 'CH', 'CN', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'IE', 'IN', 'IS', 'IT', 'JP', 'KR', 'MX', 'NL', 'NO', 'NZ', 'PH', 'PL', 'PT', 'SE', 'SG', 'US']);

function money(amount: string, currencyCode: string) {
  return { amount, currencyCode };
}

// Numbers and URLs are separate lists on Shopify and need not have the same length.
function trackingInfo(f: SandboxFulfillment) {
  const count = Math.max(f.trackingNumbers.length, f.trackingUrls.length);
  return Array.from({ length: count }, (_, i) => ({ company: f.trackingCompany, number: f.trackingNumbers[i] ?? null, url: f.trackingUrls[i] ?? null }));
}

function displayStatus(f: SandboxFulfillment): string {
  if (f.status === 'CANCELLED') return 'CANCELED';
  if (f.status === 'FAILURE' || f.status === 'ERROR') return 'FAILURE';
  if (f.status === 'OPEN' || f.status === 'PENDING') return 'SUBMITTED';
  const latest = f.events.at(-1);
  if (latest) return latest.status;
  return f.trackingNumbers.length > 0 ? 'FULFILLED' : 'MARKED_AS_FULFILLED';
}

function evidenceAddress(d: SandboxDispute): MailingAddressSource | null {
  const input = d.evidence.fields.shippingAddress as Record<string, string | null | undefined> | null | undefined;
  if (!input) return null;
  const name = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return {
    id: `${gid('MailingAddress', d.id)}?model_name=DisputeEvidenceAddress`,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    name,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: null,
    provinceCode: input.provinceCode ?? null,
    zip: input.zip ?? null,
    country: null,
    countryCode: input.countryCode ?? null,
    phone: input.phone ?? null,
  };
}
