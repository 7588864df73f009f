// The Admin GraphQL documents the service sends. The sandbox shop serves exactly these shapes.

// How many fulfillments, and tracking numbers of each, a page of orders reads.
export const PAGE_FULFILLMENTS = 10;
export const PAGE_TRACKING_NUMBERS = 5;

const orderFields = `
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
  fulfillments(first: 50) {
    id
    legacyResourceId
    status
    displayStatus
    createdAt
    updatedAt
    estimatedDeliveryAt
    inTransitAt
    deliveredAt
    trackingInfo(first: 20) { company number url }
  }
`;

export const orderQuery = `#graphql
  query WhereaboutsOrder($id: ID!) {
    order(id: $id) { ${orderFields} }
  }`;

// Orders updated since a moment, oldest first, so a cursor over updatedAt only moves forward.
export const ordersPageQuery = `#graphql
  query WhereaboutsOrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ${orderFields} }
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
