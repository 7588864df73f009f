import {
  executeSync,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { CostBucket } from './bucket.ts';
import { actualCost, requestedCost, type CostInput } from './cost.ts';
import type { ResolverContext } from './queries.ts';
import { fieldResolver, typeResolver } from './resolvers.ts';
import type { ShopStore } from './store.ts';
import type { ChangeStamps } from './time.ts';

// One Admin GraphQL request, from its JSON body to the JSON answer: parse, validate, price, check the cost
// bucket, execute. A request refused for cost runs nothing. Every answer carries extensions.cost.

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ShopStats {
  requests: number;
  throttled: number;
  rateLimited: number;
  byOperation: Record<string, number>;
  costSpent: number;
}

export interface Endpoint {
  schema: GraphQLSchema;
  store: ShopStore;
  shopDomain: string;
  stamps: ChangeStamps;
  bucket: CostBucket;
  stats: ShopStats;
  // Requests still to be answered THROTTLED whatever the bucket holds (throttleNext).
  forcedThrottles: number;
}

const RATE_LIMITS_DOCUMENTATION = 'https://shopify.dev/api/usage/rate-limits';

export function answerGraphql(endpoint: Endpoint, request: GraphqlRequest): object {
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return withCost(endpoint, { errors: [asGraphqlError(error).toJSON()] }, 0, 0);
  }
  const invalid = validate(endpoint.schema, document);
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (invalid.length > 0 || !operation) {
    const errors = invalid.length > 0 ? invalid : [new GraphQLError('No operation to run: name one with operationName.')];
    return withCost(endpoint, { errors: errors.map((error) => error.toJSON()) }, 0, 0);
  }
  countOperation(endpoint.stats, operation);
  const costInput: CostInput = { schema: endpoint.schema, operation, fragments: fragmentsOf(document), variables: request.variables ?? {} };
  const requested = requestedCost(costInput);
  if (requested > endpoint.bucket.maximumAvailable) return maxCostExceeded(endpoint, requested);
  if (endpoint.forcedThrottles > 0 || !endpoint.bucket.tryTake(requested)) return throttled(endpoint, requested);
  const context: ResolverContext = { store: endpoint.store, shopDomain: endpoint.shopDomain, stamps: endpoint.stamps, searchWarnings: [], typeOf: new WeakMap() };
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

function maxCostExceeded(endpoint: Endpoint, requested: number) {
  const maxCost = endpoint.bucket.maximumAvailable;
  const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).`;
  return withCost(endpoint, { errors: [{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost, documentation: RATE_LIMITS_DOCUMENTATION } }] }, requested, null);
}

// By operation name; an anonymous operation by its root fields, e.g. "query orders".
function countOperation(stats: ShopStats, operation: OperationDefinitionNode): void {
  const rootFields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '…'));
  const key = operation.name?.value ?? `${operation.operation} ${rootFields.join(',')}`;
  stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

function asGraphqlError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error));
}
