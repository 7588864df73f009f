import { GraphQLError } from 'graphql';

// Relay connections the way Shopify pages them: items in a total order (the sort value, then the id),
// opaque cursors that remember a position in that order rather than an item. An item that changes while
// a client pages moves to its new place, so a walk over updatedAt meets it again later and skips nothing.

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type SortValue = number | string;

interface Position {
  value: SortValue;
  id: string;
}

export function paginate<T>(items: readonly T[], positionOf: (item: T) => Position, args: PageArgs): Connection<T> {
  const size = pageSize(args);
  const direction = args.reverse ? -1 : 1;
  const ordered = items
    .map((item) => ({ item, position: positionOf(item) }))
    .sort((a, b) => direction * comparePositions(a.position, b.position));
  const after = args.after ? decodeCursor(args.after) : undefined;
  const before = args.before ? decodeCursor(args.before) : undefined;
  let window = ordered.filter(
    ({ position }) =>
      (!after || direction * comparePositions(position, after) > 0) && (!before || direction * comparePositions(position, before) < 0),
  );
  window = args.first != null ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
  const first = window[0];
  const last = window[window.length - 1];
  const edges = window.map(({ item, position }) => ({ cursor: encodeCursor(position), node: item }));
  return {
    nodes: window.map(({ item }) => item),
    edges,
    pageInfo: {
      hasNextPage: last !== undefined && ordered.some(({ position }) => direction * comparePositions(position, last.position) > 0),
      hasPreviousPage: first !== undefined && ordered.some(({ position }) => direction * comparePositions(position, first.position) < 0),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

// The page size a connection asks for; the cost of a query depends on it too.
export function pageSize(args: PageArgs): number {
  const size = args.first ?? args.last;
  if (size == null) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  if (size < 0) throw new GraphQLError(`${args.first != null ? 'first' : 'last'} must be a positive number`, { extensions: { code: 'BAD_REQUEST' } });
  if (size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The page size requested (${size}) exceeds the maximum of ${MAX_PAGE_SIZE}.`, { extensions: { code: 'BAD_REQUEST' } });
  }
  return size;
}

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function comparePositions(a: Position, b: Position): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return compareIds(a.id, b.id);
}

// Like Shopify's: base64 of a small JSON object. Clients must treat it as opaque.
function encodeCursor({ value, id }: Position): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
}

function decodeCursor(cursor: string): Position {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (isPosition(parsed)) return { value: parsed.last_value, id: parsed.last_id };
  } catch {
    // Falls through to the error below: a cursor that is not base64 JSON is as invalid as a wrong one.
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
}

function isPosition(value: unknown): value is { last_id: string; last_value: SortValue } {
  if (typeof value !== 'object' || value === null) return false;
  const { last_id, last_value } = value as Record<string, unknown>;
  return typeof last_id === 'string' && /^\d+$/.test(last_id) && (typeof last_value === 'number' || typeof last_value === 'string');
}
