import { GraphqlQueryError, HttpResponseError, HttpThrottlingError, type Shopify } from '@shopify/shopify-api';
import { shopifyCredentials } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { adminSessions, type AdminSessions } from './access-token.ts';
import { createShopify, type ShopifyClientConfig } from './shopify.client.ts';
import { orderNodeSchema, orderGid, type OrderNode } from './order-node.ts';
import { fulfillmentEventCreateMutation, orderQuery, ordersPageQuery, ORDERS_PAGE_SIZE, PAGE_FULFILLMENTS, PAGE_TRACKING_NUMBERS } from './queries.ts';
import { protectedFieldsRefused, shopifyErrorCode, throttleWaitMs, type GraphqlErrorBody } from './admin-errors.ts';

// The service's view of the Shopify Admin API: the few reads and writes it needs, with Shopify's cost
// budget respected. A THROTTLED answer waits until the bucket has refilled enough (as its throttleStatus
// says); an HTTP 429 waits Retry-After (seconds, as Shopify sends them); a 401 renews the token once.
// Either way the same request is tried again.

export interface OrdersPage {
  nodes: OrderNode[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export class ShopifyThrottledError extends Error {}

// The query asks for more than Shopify allows in one request (MAX_COST_EXCEEDED).
export class ShopifyCostError extends Error {}

const MAX_ATTEMPTS = 8;

export class ShopifyAdmin {
  readonly shopify: Shopify;
  readonly #sessions: AdminSessions;
  readonly #logger: Logger;
  readonly #sleep: (ms: number) => Promise<void>;
  // Halved for good when Shopify prices a page over its limit.
  #pageSize = ORDERS_PAGE_SIZE;

  constructor(config: ShopifyClientConfig, logger: Logger, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))) {
    const credentials = shopifyCredentials(config);
    if (!config.SHOPIFY_SHOP || !credentials) {
      throw new Error('SHOPIFY_SHOP and SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET (or the legacy SHOPIFY_ADMIN_ACCESS_TOKEN) are required');
    }
    this.shopify = createShopify(config);
    this.#sessions = adminSessions(this.shopify, config.SHOPIFY_SHOP, credentials);
    this.#logger = logger;
    this.#sleep = sleep;
  }

  async #request<T>(document: string, variables: Record<string, unknown>): Promise<{ data: T; refusedFields: string[] }> {
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const client = await this.#sessions.client();
      try {
        const response = await client.request(document, { variables });
        return { data: response.data as T, refusedFields: [] };
      } catch (error) {
        if (error instanceof HttpResponseError && error.response.code === 401 && this.#sessions.renewable && !renewed) {
          renewed = true;
          this.#sessions.refused(client);
          this.#logger.info('Shopify refused the access token: asking for a new one');
          continue;
        }
        if (error instanceof GraphqlQueryError) {
          const body = error.body as GraphqlErrorBody | undefined;
          const refusedFields = protectedFieldsRefused(body);
          if (refusedFields.length > 0 && body?.data) return { data: body.data as T, refusedFields };
          if (shopifyErrorCode(body) === 'MAX_COST_EXCEEDED') throw new ShopifyCostError(error.message, { cause: error });
        }
        const waitMs = throttleWaitMs(error);
        if (waitMs === undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new ShopifyThrottledError(`Shopify kept throttling after ${attempt} attempts`, { cause: error });
        this.#logger.info({ waitMs: Math.round(waitMs), attempt }, 'Shopify throttled the request: waiting');
        await this.#sleep(waitMs);
      }
    }
  }

  // Documents of other features (disputes, connect) go through the same tokens and throttling.
  async graphql<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    return (await this.#request<T>(document, variables)).data;
  }

  // The same, with the protected customer data fields Shopify withheld from the answer.
  async graphqlWithRefusals<T>(document: string, variables: Record<string, unknown>): Promise<{ data: T; refusedFields: string[] }> {
    return this.#request<T>(document, variables);
  }

  async fetchOrder(shopifyOrderId: string): Promise<OrderNode | null> {
    const { data, refusedFields } = await this.#request<{ order: unknown }>(orderQuery, { id: orderGid(shopifyOrderId) });
    return data.order ? withRefusals(orderNodeSchema.parse(data.order), refusedFields) : null;
  }

  // A page of orders updated since a moment. A page too costly for Shopify is asked again at half the
  // size; an order with more fulfillments or tracking numbers than a page reads is read on its own.
  async fetchOrdersUpdatedSince(since: Date, after: string | null, first = this.#pageSize): Promise<OrdersPage> {
    const query = `updated_at:>='${since.toISOString()}'`;
    let size = Math.min(first, this.#pageSize);
    for (;;) {
      try {
        const { data, refusedFields } = await this.#request<{ orders: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
          ordersPageQuery,
          { first: size, after, query },
        );
        // One at a time: each re-read of a long order costs most of a bucket.
        const nodes: OrderNode[] = [];
        for (const n of data.orders.nodes) nodes.push(await this.#complete(withRefusals(orderNodeSchema.parse(n), refusedFields)));
        return { nodes, endCursor: data.orders.pageInfo.endCursor, hasNextPage: data.orders.pageInfo.hasNextPage };
      } catch (error) {
        if (!(error instanceof ShopifyCostError) || size === 1) throw error;
        size = Math.max(1, Math.floor(size / 2));
        this.#pageSize = Math.min(this.#pageSize, size);
        this.#logger.warn({ pageSize: size }, 'Shopify priced the orders page over its limit: asking for fewer orders per page');
      }
    }
  }

  async #complete(node: OrderNode): Promise<OrderNode> {
    if (!mayBeTruncated(node)) return node;
    return (await this.fetchOrder(node.legacyResourceId)) ?? node;
  }

  async createFulfillmentEvent(input: Record<string, unknown>): Promise<{ id: string }> {
    const { data } = await this.#request<{ fulfillmentEventCreate: { fulfillmentEvent: { id: string } | null; userErrors: Array<{ message: string }> } }>(
      fulfillmentEventCreateMutation,
      { fulfillmentEvent: input },
    );
    const result = data.fulfillmentEventCreate;
    if (!result.fulfillmentEvent) throw new Error(`Shopify refused the fulfillment event: ${result.userErrors.map((e) => e.message).join('; ')}`);
    return result.fulfillmentEvent;
  }
}

function withRefusals(node: OrderNode, refusedFields: string[]): OrderNode {
  return refusedFields.length > 0 ? { ...node, protectedDataRefused: refusedFields } : node;
}

// The page document reads at most PAGE_FULFILLMENTS fulfillments of PAGE_TRACKING_NUMBERS numbers each.
function mayBeTruncated(node: OrderNode): boolean {
  return node.fulfillments.length >= PAGE_FULFILLMENTS || node.fulfillments.some((f) => f.trackingInfo.length >= PAGE_TRACKING_NUMBERS);
}
