import { executeSync, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { ShopAccess } from './access.ts';
import type { CostBucket } from './bucket.ts';
import { actualCost, requestedCost, SINGLE_QUERY_MAX_COST, type CostInput } from './cost.ts';
import { checkRequest, type GraphqlRequest } from './document-check.ts';
import type { ResolverContext } from './queries.ts';
import { fieldResolver, typeResolver } from './resolvers.ts';
import type { ShopStore } from './store.ts';
import type { ChangeStamps } from './time.ts';
import type { WebhookSubscriptions } from './webhook-subscriptions.ts';

// One Admin GraphQL request, from its JSON body to the JSON answer: check it against Shopify's real schema,
// price it, check the cost bucket, execute it on the sandbox's subset for the calling app. A request
// refused for its shape or its cost runs nothing. Every answer carries extensions.cost.

export type { GraphqlRequest } from './document-check.ts';

export interface ShopStats {
  requests: number;
  throttled: number;
  rateLimited: number;
  byOperation: Record<string, number>;
  costSpent: number;
  tokensIssued: number;
}

export interface Endpoint {
  schema: GraphQLSchema;
  store: ShopStore;
  shopDomain: string;
  stamps: ChangeStamps;
  bucket: CostBucket;
  stats: ShopStats;
  access: ShopAccess;
  subscriptions: WebhookSubscriptions;
  allowHttpWebhooks: boolean;
  // Requests still to be answered THROTTLED whatever the bucket holds (throttleNext).
  forcedThrottles: number;
}

const RATE_LIMITS_DOCUMENTATION = 'https://shopify.dev/api/usage/rate-limits';

// app: who is asking, from the access token (a client id, or 'legacy' for the static token).
export function answerGraphql(endpoint: Endpoint, request: GraphqlRequest, app: string): object {
  const checked = checkRequest(endpoint.schema, request);
  if (!checked.ok) return withCost(endpoint, { errors: checked.errors }, 0, 0);
  const { document, operation, fragments } = checked.request;
  countOperation(endpoint.stats, operation);
  const costInput: CostInput = { schema: endpoint.schema, operation, fragments, variables: request.variables ?? {} };
  const requested = requestedCost(costInput);
  // With the cost limit off (cost: false) the bucket's maximum is infinite, and so is this.
  const maxCost = Math.min(endpoint.bucket.maximumAvailable, Number.isFinite(endpoint.bucket.maximumAvailable) ? SINGLE_QUERY_MAX_COST : Infinity);
  if (requested > maxCost) return maxCostExceeded(endpoint, requested, maxCost);
  if (endpoint.forcedThrottles > 0 || !endpoint.bucket.tryTake(requested)) return throttled(endpoint, requested);
  const context: ResolverContext = {
    store: endpoint.store,
    shopDomain: endpoint.shopDomain,
    stamps: endpoint.stamps,
    app,
    access: endpoint.access,
    subscriptions: endpoint.subscriptions,
    allowHttpWebhooks: endpoint.allowHttpWebhooks,
    searchWarnings: [],
    typeOf: new WeakMap(),
  };
  const result = executeSync({
    schema: endpoint.schema,
    document,
    operationName: request.operationName,
    variableValues: request.variables,
    contextValue: context,
    fieldResolver,
    typeResolver,
  });
  const actual = result.data ? Math.min(requested, actualCost(costInput, result.data)) : 0;
  endpoint.bucket.giveBack(requested - actual);
  endpoint.stats.costSpent += actual;
  const answer = { ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}), data: result.data };
  return withCost(endpoint, answer, requested, actual, context.searchWarnings.length > 0 ? { search: context.searchWarnings } : {});
}

function withCost(endpoint: Endpoint, answer: object, requested: number, actual: number | null, extra: object = {}, status = endpoint.bucket.status()) {
  return { ...answer, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status }, ...extra } };
}

function throttled(endpoint: Endpoint, requested: number) {
  endpoint.stats.throttled++;
  const status = endpoint.bucket.status();
  if (endpoint.forcedThrottles > 0) {
    endpoint.forcedThrottles--;
    // A forced throttle reports a bucket too low for this query, as a real one would.
    status.currentlyAvailable = Math.max(0, Math.min(status.currentlyAvailable, requested - 1));
  }
  const errors = [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMITS_DOCUMENTATION } }];
  return withCost(endpoint, { errors }, requested, null, {}, status);
}

// Shopify's single-query limit is 1,000 whatever the bucket; a smaller bucket could never pay for more.
function maxCostExceeded(endpoint: Endpoint, requested: number, maxCost: number) {
  const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).`;
  return withCost(endpoint, { errors: [{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost, documentation: RATE_LIMITS_DOCUMENTATION } }] }, requested, null);
}

// By operation name; an anonymous operation by its root fields, e.g. "query orders".
function countOperation(stats: ShopStats, operation: OperationDefinitionNode): void {
  const rootFields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '…'));
  const key = operation.name?.value ?? `${operation.operation} ${rootFields.join(',')}`;
  stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
}
