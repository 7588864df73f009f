// The Admin GraphQL documents the service sends when it connects to a shop: who the shop is, which scopes
// the app holds, and the app's webhook subscriptions.

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
