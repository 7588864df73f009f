import {
  getNamedType,
  isAbstractType,
  isLeafType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// Query cost, after Shopify's rules: a scalar or enum costs nothing, an object 1, a connection 2 plus its
// page size times the cost of one node, a mutation 10. A plain list of objects that takes `first`
// (Order.fulfillments, Fulfillment.trackingInfo) is read strictly: priced like a connection's nodes,
// `first` times one item, without the connection's 2. A plain list without `first` costs one object,
// since nothing bounds its length before the query runs. The requested cost is computed before
// execution; the actual cost counts what came back.

const MUTATION_COST = 10;
const CONNECTION_COST = 2;
// Shopify refuses any single query requested above this, whatever the shop's bucket holds.
export const SINGLE_QUERY_MAX_COST = 1000;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

type Data = Record<string, unknown> | null | undefined;

export function requestedCost(input: CostInput): number {
  if (input.operation.operation === 'mutation') return fieldsOf(input, input.operation.selectionSet, 'Mutation').length * MUTATION_COST;
  return selectionCost(input, input.operation.selectionSet, input.schema.getQueryType() as GraphQLObjectType, undefined);
}

export function actualCost(input: CostInput, data: Data): number {
  if (input.operation.operation === 'mutation') return requestedCost(input);
  return selectionCost(input, input.operation.selectionSet, input.schema.getQueryType() as GraphQLObjectType, data ?? null);
}

// With data undefined the cost is the requested one; with data it is what the data holds.
function selectionCost(input: CostInput, selectionSet: SelectionSetNode, type: GraphQLCompositeType, data: Data | null): number {
  if (data === null) return 0;
  if (isAbstractType(type)) {
    return Math.max(0, ...input.schema.getPossibleTypes(type).map((possible) => selectionCost(input, selectionSet, possible, data)));
  }
  let cost = 0;
  for (const node of fieldsOf(input, selectionSet, type.name)) {
    const field = (type as GraphQLObjectType).getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined;
    if (!field || !node.selectionSet) continue;
    const value = data === undefined ? undefined : data[node.alias?.value ?? node.name.value];
    cost += fieldCost(input, node, field, data === undefined ? undefined : value);
  }
  return cost;
}

function fieldCost(input: CostInput, node: FieldNode, field: GraphQLField<unknown, unknown>, value: unknown): number {
  const type = getNamedType(field.type) as GraphQLCompositeType;
  if (isLeafType(type) || value === null || !node.selectionSet) return 0;
  if (type.name.endsWith('Connection')) return CONNECTION_COST + connectionItemsCost(input, node, type, value);
  const selectionSet = node.selectionSet;
  const itemCost = (item: unknown) => 1 + selectionCost(input, selectionSet, type, item as Data);
  const first = field.args.some((arg) => arg.name === 'first') ? pageSizeOf(input, node) : undefined;
  if (first !== undefined) return Array.isArray(value) ? value.reduce((sum: number, item) => sum + itemCost(item), 0) : first * itemCost(undefined);
  if (Array.isArray(value)) return value.length === 0 ? 0 : Math.max(...value.map(itemCost));
  return itemCost(value);
}

// nodes and edges list the same items; whichever the query asks for, each item is paid for once.
function connectionItemsCost(input: CostInput, node: FieldNode, connection: GraphQLCompositeType, value: unknown): number {
  const connectionData = value as Data;
  let most = 0;
  for (const part of fieldsOf(input, node.selectionSet as SelectionSetNode, connection.name)) {
    const key = part.alias?.value ?? part.name.value;
    const items = connectionData === undefined ? undefined : ((connectionData?.[key] ?? []) as Data[]);
    const nodeType = getNamedType((connection as GraphQLObjectType).getFields().nodes.type) as GraphQLCompositeType;
    let perItem: (item: Data) => number;
    if (part.name.value === 'nodes' && part.selectionSet) perItem = (item) => 1 + selectionCost(input, part.selectionSet as SelectionSetNode, nodeType, item);
    else if (part.name.value === 'edges' && part.selectionSet) perItem = (edge) => edgeCost(input, part.selectionSet as SelectionSetNode, nodeType, edge);
    else continue;
    const total = items === undefined ? (pageSizeOf(input, node) ?? 0) * perItem(undefined) : items.reduce((sum, item) => sum + perItem(item), 0);
    most = Math.max(most, total);
  }
  return most;
}

function edgeCost(input: CostInput, selectionSet: SelectionSetNode, nodeType: GraphQLCompositeType, edge: Data): number {
  const nodeField = fieldsOf(input, selectionSet, '').find((field) => field.name.value === 'node');
  if (!nodeField?.selectionSet || edge === null) return 0;
  const item = edge === undefined ? undefined : (edge[nodeField.alias?.value ?? 'node'] as Data);
  return 1 + selectionCost(input, nodeField.selectionSet, nodeType, item);
}

// The `first` (or `last`) a field is given, literally or through a variable; undefined when it has none.
function pageSizeOf(input: CostInput, node: FieldNode): number | undefined {
  for (const name of ['first', 'last']) {
    const argument = node.arguments?.find((arg) => arg.name.value === name);
    if (!argument) continue;
    if (argument.value.kind === Kind.INT) return Number(argument.value.value);
    if (argument.value.kind === Kind.VARIABLE) {
      const size = input.variables[argument.value.name.value];
      if (typeof size === 'number') return size;
    }
  }
  return undefined;
}

// The fields a selection asks for on a type, through fragments; __typename and other meta fields cost nothing.
function fieldsOf(input: CostInput, selectionSet: SelectionSetNode, typeName: string): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) fields.push(selection);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? input.fragments[selection.name.value] : selection;
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    if (!condition || !typeName || appliesTo(input.schema, condition, typeName)) fields.push(...fieldsOf(input, fragment.selectionSet, typeName));
  }
  return fields;
}

function appliesTo(schema: GraphQLSchema, condition: string, typeName: string): boolean {
  if (condition === typeName) return true;
  const conditionType = schema.getType(condition);
  const type = schema.getType(typeName);
  return !!conditionType && !!type && isAbstractType(conditionType) && schema.getPossibleTypes(conditionType).some((possible) => possible.name === typeName);
}
