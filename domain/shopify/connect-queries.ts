// The Admin GraphQL documents that connect the service to a shop: who the shop is, what the app may
// read, and the webhook subscriptions the app makes for itself.

export const shopQuery = `#graphql
  query WhereaboutsShop {
    shop { name myshopifyDomain }
    currentAppInstallation { accessScopes { handle } }
  }`;

export const webhookSubscriptionsQuery = `#graphql
  query WhereaboutsWebhookSubscriptions($first: Int!, $after: String, $topics: [WebhookSubscriptionTopic!]) {
    webhookSubscriptions(first: $first, after: $after, topics: $topics) {
      pageInfo { hasNextPage endCursor }
      nodes { id topic uri format }
    }
  }`;

export const webhookSubscriptionCreateMutation = `#graphql
  mutation WhereaboutsWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription { id topic uri format }
      userErrors { field message }
    }
  }`;

export const webhookSubscriptionUpdateMutation = `#graphql
  mutation WhereaboutsWebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
      webhookSubscription { id topic uri format }
      userErrors { field message }
    }
  }`;

// The newest order, to see whether Shopify lets the app read protected customer data.
export const recentOrderQuery = `#graphql
  query WhereaboutsRecentOrder {
    orders(first: 1, sortKey: CREATED_AT, reverse: true) {
      nodes { id name email shippingAddress { city zip } }
    }
  }`;
