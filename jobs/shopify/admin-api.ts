import { GraphqlQueryError, HttpThrottlingError, type Shopify } from '@shopify/shopify-api';
import type { Logger } from '../../server/logger.ts';
import { adminGraphqlClient, createShopify, type ShopifyClientConfig } from './shopify.client.ts';
import { orderNodeSchema, orderGid, type OrderNode } from './order-node.ts';
import { fulfillmentEventCreateMutation, orderQuery, ordersPageQuery } from './queries.ts';

// The service's view of the Shopify Admin API: the few reads and writes it needs, with Shopify's cost
// budget respected. A THROTTLED answer waits until the bucket has refilled enough; an HTTP 429 waits
// Retry-After (seconds, as Shopify sends them). Either way the same request is tried again.

type GraphqlClient = ReturnType<typeof adminGraphqlClient>;

interface ThrottleStatus {
  currentlyAvailable?: number;
  restoreRate?: number;
}

export interface OrdersPage {
  nodes: OrderNode[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export class ShopifyThrottledError extends Error {}

const MAX_ATTEMPTS = 8;

function throttleWaitMs(error: unknown): number | undefined {
  if (error instanceof HttpThrottlingError) return Math.max(1, error.response.retryAfter ?? 2) * 1000;
  if (error instanceof GraphqlQueryError) {
    const body = error.body as { errors?: { graphQLErrors?: Array<{ extensions?: { code?: string } }> }; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } } } | undefined;
    if (body?.errors?.graphQLErrors?.[0]?.extensions?.code !== 'THROTTLED') return undefined;
    const cost = body.extensions?.cost;
    const missing = (cost?.requestedQueryCost ?? 100) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
    return Math.max(250, (missing / (cost?.throttleStatus?.restoreRate ?? 50)) * 1000);
  }
  return undefined;
}

export class ShopifyAdmin {
  readonly shopify: Shopify;
  readonly #client: GraphqlClient;
  readonly #logger: Logger;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(config: ShopifyClientConfig, logger: Logger, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))) {
    if (!config.SHOPIFY_SHOP || !config.SHOPIFY_ADMIN_ACCESS_TOKEN) throw new Error('SHOPIFY_SHOP and SHOPIFY_ADMIN_ACCESS_TOKEN are required');
    this.shopify = createShopify(config);
    this.#client = adminGraphqlClient(this.shopify, config.SHOPIFY_SHOP);
    this.#logger = logger;
    this.#sleep = sleep;
  }

  async #request<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.#client.request(document, { variables });
        return response.data as T;
      } catch (error) {
        const waitMs = throttleWaitMs(error);
        if (waitMs === undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ShopifyThrottledError(`Shopify kept throttling after ${attempt} attempts`, { cause: error });
        this.#logger.info({ waitMs: Math.round(waitMs), attempt }, 'Shopify throttled the request: waiting');
        await this.#sleep(waitMs);
      }
    }
  }

  // Documents of other features (disputes) go through the same throttling.
  async graphql<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    return this.#request<T>(document, variables);
  }

  async fetchOrder(shopifyOrderId: string): Promise<OrderNode | null> {
    const data = await this.#request<{ order: unknown }>(orderQuery, { id: orderGid(shopifyOrderId) });
    return data.order ? orderNodeSchema.parse(data.order) : null;
  }

  async fetchOrdersUpdatedSince(since: Date, after: string | null, first = 15): Promise<OrdersPage> {
    const data = await this.#request<{ orders: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(ordersPageQuery, {
      first,
      after,
      query: `updated_at:>='${since.toISOString()}'`,
    });
    return {
      nodes: data.orders.nodes.map((n) => orderNodeSchema.parse(n)),
      endCursor: data.orders.pageInfo.endCursor,
      hasNextPage: data.orders.pageInfo.hasNextPage,
    };
  }

  async createFulfillmentEvent(input: Record<string, unknown>): Promise<{ id: string }> {
    const data = await this.#request<{ fulfillmentEventCreate: { fulfillmentEvent: { id: string } | null; userErrors: Array<{ message: string }> } }>(
      fulfillmentEventCreateMutation,
      { fulfillmentEvent: input },
    );
    const result = data.fulfillmentEventCreate;
    if (!result.fulfillmentEvent) throw new Error(`Shopify refused the fulfillment event: ${result.userErrors.map((e) => e.message).join('; ')}`);
    return result.fulfillmentEvent;
  }
}
