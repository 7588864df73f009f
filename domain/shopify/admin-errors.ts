import { GraphqlQueryError, HttpThrottlingError } from '@shopify/shopify-api';

// Reading Shopify's error answers: THROTTLED with the bucket's state, MAX_COST_EXCEEDED, and the
// ACCESS_DENIED entries Shopify adds (beside the data, with the field null) for protected customer
// data the app was not approved to read.

interface GraphqlErrorEntry {
  message?: string;
  path?: Array<string | number>;
  extensions?: { code?: string };
}

interface ThrottleStatus {
  maximumAvailable?: number;
  currentlyAvailable?: number;
  restoreRate?: number;
}

export interface GraphqlErrorBody {
  data?: unknown;
  errors?: { graphQLErrors?: GraphqlErrorEntry[] };
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

// Order fields that are protected customer data (Level 2: email, name, address, phone).
const PROTECTED_ORDER_FIELDS = new Set(['email', 'customer', 'shippingAddress', 'phone']);

export function shopifyErrorCode(body: GraphqlErrorBody | undefined): string | undefined {
  return body?.errors?.graphQLErrors?.[0]?.extensions?.code;
}

// The protected fields Shopify refused, when every error of the answer is such a refusal.
export function protectedFieldsRefused(body: GraphqlErrorBody | undefined): string[] {
  const errors = body?.errors?.graphQLErrors ?? [];
  const fields = errors.map((error) => {
    const field = error.path?.at(-1);
    const denied = error.extensions?.code === 'ACCESS_DENIED' || /not approved to access/i.test(error.message ?? '');
    return denied && typeof field === 'string' && PROTECTED_ORDER_FIELDS.has(field) ? field : undefined;
  });
  if (fields.length === 0 || fields.some((field) => field === undefined)) return [];
  return [...new Set(fields as string[])].sort();
}

// How long to wait before asking again, or undefined when waiting would not help. The bucket's size and
// restore rate depend on the shop's plan: they are read from the answer, never assumed.
export function throttleWaitMs(error: unknown): number | undefined {
  if (error instanceof HttpThrottlingError) return Math.max(1, error.response.retryAfter ?? 2) * 1000;
  if (!(error instanceof GraphqlQueryError)) return undefined;
  const body = error.body as GraphqlErrorBody | undefined;
  if (shopifyErrorCode(body) !== 'THROTTLED') return undefined;
  const cost = body?.extensions?.cost;
  const status = cost?.throttleStatus ?? {};
  const requested = cost?.requestedQueryCost ?? 100;
  if (status.maximumAvailable !== undefined && requested > status.maximumAvailable) return undefined;
  const missing = requested - (status.currentlyAvailable ?? 0);
  return Math.max(250, (missing / (status.restoreRate ?? 50)) * 1000);
}
