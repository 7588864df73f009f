import { GraphQLError } from 'graphql';

// What the shop lets the calling app see: its granted access scopes and whether it is approved for
// protected customer data. Shopify refuses a field the scopes do not cover with ACCESS_DENIED (the
// field resolves to null, and a non-null field takes its parent with it), and answers the customer's
// personal data on an order with null plus an ACCESS_DENIED error per field when the app is not approved.
// Both are errors next to data on HTTP 200, never an HTTP failure.

export interface ShopAccess {
  scopes: string[];
  protectedCustomerData: boolean;
}

export const DEFAULT_SCOPES: readonly string[] = [
  'read_orders',
  'read_all_orders',
  'read_fulfillments',
  'write_fulfillments',
  'read_shopify_payments_disputes',
  'write_shopify_payments_dispute_evidences',
];

// The scope each guarded field needs, by parent type and field.
const REQUIRED_SCOPES: Record<string, string> = {
  'QueryRoot.order': 'read_orders',
  'QueryRoot.orders': 'read_orders',
  'QueryRoot.fulfillment': 'read_orders',
  'ShopifyPaymentsAccount.disputes': 'read_shopify_payments_disputes',
  'Mutation.fulfillmentEventCreate': 'write_fulfillments',
  'Mutation.disputeEvidenceUpdate': 'write_shopify_payments_dispute_evidences',
};

// node(id) is guarded by the type of what it finds.
const NODE_SCOPES: Record<string, string> = {
  Order: 'read_orders',
  Fulfillment: 'read_orders',
  ShopifyPaymentsDispute: 'read_shopify_payments_disputes',
};

// Protected customer data the subset serves, and the object Shopify names in its refusal.
const PROTECTED_FIELDS: Record<string, string> = {
  'Order.email': 'Order',
  'Order.phone': 'Order',
  'Order.customer': 'Order',
  'Order.shippingAddress': 'Order',
  'QueryRoot.customer': 'Customer',
};

const SCOPES_DOCUMENTATION = 'https://shopify.dev/api/usage/access-scopes';

// A write scope includes its read scope, as on Shopify.
export function hasScope(access: ShopAccess, scope: string): boolean {
  return access.scopes.includes(scope) || (scope.startsWith('read_') && access.scopes.includes(`write_${scope.slice('read_'.length)}`));
}

// The refusal for a field the app may not read, or undefined when it may.
export function fieldRefusal(access: ShopAccess, parentType: string, fieldName: string): GraphQLError | undefined {
  const scope = REQUIRED_SCOPES[`${parentType}.${fieldName}`];
  if (scope && !hasScope(access, scope)) return scopeRefusal(fieldName, scope);
  const object = PROTECTED_FIELDS[`${parentType}.${fieldName}`];
  if (object && !access.protectedCustomerData) return protectedDataRefusal(object);
  return undefined;
}

export function nodeRefusal(access: ShopAccess, type: string): GraphQLError | undefined {
  const scope = NODE_SCOPES[type];
  if (scope && !hasScope(access, scope)) return scopeRefusal('node', scope);
  if (type === 'Customer' && !access.protectedCustomerData) return protectedDataRefusal('Customer');
  return undefined;
}

function scopeRefusal(fieldName: string, scope: string): GraphQLError {
  const requiredAccess = `\`${scope}\` access scope.`;
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: { code: 'ACCESS_DENIED', documentation: SCOPES_DOCUMENTATION, requiredAccess },
  });
}

function protectedDataRefusal(object: string): GraphQLError {
  const message = `This app is not approved to access the ${object} object. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.`;
  return new GraphQLError(message, { extensions: { code: 'ACCESS_DENIED' } });
}

// What each scope lets an app do, as currentAppInstallation.accessScopes describes it.
const DESCRIPTIONS: Record<string, string> = {
  read_orders: 'Read orders, transactions and fulfillments',
  read_all_orders: 'Read all orders, not only those of the last 60 days',
  read_fulfillments: 'Read fulfillment services',
  write_fulfillments: 'Modify fulfillment services',
  read_customers: 'Read customer details and customer groups',
  read_shopify_payments_disputes: 'Read Shopify Payments disputes',
  write_shopify_payments_dispute_evidences: 'Modify Shopify Payments dispute evidence',
};

export function accessScopes(access: ShopAccess): { handle: string; description: string }[] {
  return access.scopes.map((handle) => ({ handle, description: DESCRIPTIONS[handle] ?? handle.replaceAll('_', ' ') }));
}
