// The Admin GraphQL documents the service sends. The sandbox shop serves exactly these shapes.

// Shopify prices a plain list that takes `first` like a connection's nodes (first x (1 + one item)) and
// refuses any query above 1,000 points. The single-order query can afford longer lists than a page of
// orders, where every order pays for its lists: 3 + 10 x (1 + 5) = 63 points an order, so a page of
// ORDERS_PAGE_SIZE orders costs 2 + 15 x 63 = 947; one order costs 3 + 50 x (1 + 15) = 803.
export const PAGE_FULFILLMENTS = 10;
export const PAGE_TRACKING_NUMBERS = 5;
export const ORDER_FULFILLMENTS = 50;
export const ORDER_TRACKING_NUMBERS = 15;
export const ORDERS_PAGE_SIZE = 15;

function orderFields(fulfillments: number, trackingNumbers: number): string {
  return `
  id
  legacyResourceId
  name
  email
  createdAt
  updatedAt
  cancelledAt
  customerLocale
  customer { id email locale }
  shippingAddress { name address1 address2 city province provinceCode zip country countryCodeV2 phone }
  fulfillments(first: ${fulfillments}) {
    id
    legacyResourceId
    status
    displayStatus
    createdAt
    updatedAt
    estimatedDeliveryAt
    inTransitAt
    deliveredAt
    trackingInfo(first: ${trackingNumbers}) { company number url }
  }
`;
}

export const orderQuery = `#graphql
  query WhereaboutsOrder($id: ID!) {
    order(id: $id) { ${orderFields(ORDER_FULFILLMENTS, ORDER_TRACKING_NUMBERS)} }
  }`;

// Orders updated since a moment, oldest first, so a cursor over updatedAt only moves forward.
export const ordersPageQuery = `#graphql
  query WhereaboutsOrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ${orderFields(PAGE_FULFILLMENTS, PAGE_TRACKING_NUMBERS)} }
    }
  }`;

export const fulfillmentEventCreateMutation = `#graphql
  mutation WhereaboutsFulfillmentEvent($fulfillmentEvent: FulfillmentEventInput!) {
    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
      fulfillmentEvent { id status happenedAt }
      userErrors { field message }
    }
  }`;

const disputeFields = `
  id
  legacyResourceId
  status
  type
  initiatedAt
  evidenceDueBy
  evidenceSentOn
  finalizedOn
  amount { amount currencyCode }
  reasonDetails { reason networkReasonCode }
  order { id legacyResourceId name }
  disputeEvidence { id }
`;

// Shopify Payments disputes in the order they were opened; `query` narrows them by initiated_at.
export const disputesPageQuery = `#graphql
  query WhereaboutsDisputes($first: Int!, $after: String, $query: String) {
    shopifyPaymentsAccount {
      disputes(first: $first, after: $after, query: $query) {
        pageInfo { hasNextPage endCursor }
        nodes { ${disputeFields} }
      }
    }
  }`;

// One dispute by its gid: a disputes/* webhook only says which dispute changed.
export const disputeQuery = `#graphql
  query WhereaboutsDispute($id: ID!) {
    node(id: $id) {
      ... on ShopifyPaymentsDispute { ${disputeFields} }
    }
  }`;

export const disputeEvidenceUpdateMutation = `#graphql
  mutation WhereaboutsDisputeEvidence($id: ID!, $input: ShopifyPaymentsDisputeEvidenceUpdateInput!) {
    disputeEvidenceUpdate(id: $id, input: $input) {
      disputeEvidence { id submitted }
      userErrors { field message }
    }
  }`;
