import { z } from 'zod';
import type { ShopifyAdmin } from '../shopify/admin-api.ts';
import { disputeEvidenceUpdateMutation, disputeQuery, disputesPageQuery } from '../shopify/queries.ts';
import type { PaymentDisputeFacts } from './cases.ts';

// Shopify Payments disputes as the Admin GraphQL API returns them for the documents in queries.ts,
// and the three calls the service makes about them.

const nullableString = z.string().nullish().transform((s) => s ?? null);

export const disputeNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  status: z.string(),
  type: z.string(),
  initiatedAt: z.string(),
  evidenceDueBy: nullableString,
  evidenceSentOn: nullableString,
  finalizedOn: nullableString,
  amount: z.object({ amount: z.string(), currencyCode: z.string() }),
  reasonDetails: z.object({ reason: z.string(), networkReasonCode: nullableString }),
  order: z.object({ id: z.string(), legacyResourceId: z.string().regex(/^\d+$/), name: z.string() }).nullish(),
  disputeEvidence: z.object({ id: z.string() }).nullish(),
});

export type DisputeNode = z.infer<typeof disputeNodeSchema>;

export interface DisputesPage {
  nodes: DisputeNode[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const NOT_RECEIVED = 'PRODUCT_NOT_RECEIVED';

export function disputeGid(shopifyDisputeId: string): string {
  return `gid://shopify/ShopifyPaymentsDispute/${shopifyDisputeId}`;
}

export function disputeFacts(node: DisputeNode): PaymentDisputeFacts {
  return {
    shopifyDisputeId: node.legacyResourceId,
    kind: node.type,
    status: node.status,
    reason: node.reasonDetails.reason,
    amount: node.amount.amount,
    currency: node.amount.currencyCode,
    evidenceDueBy: node.evidenceDueBy ? new Date(node.evidenceDueBy) : null,
  };
}

export async function fetchPaymentDispute(shopify: ShopifyAdmin, shopifyDisputeId: string): Promise<DisputeNode | null> {
  const data = await shopify.graphql<{ node: unknown }>(disputeQuery, { id: disputeGid(shopifyDisputeId) });
  // Another kind of node, or none: the inline fragment leaves an empty object.
  const node = data.node as { id?: unknown } | null;
  return node && node.id ? disputeNodeSchema.parse(node) : null;
}

export async function fetchPaymentDisputesSince(
  shopify: ShopifyAdmin,
  since: Date,
  after: string | null,
  first = 50,
  onUnreadable?: (node: unknown, problem: string) => void,
): Promise<DisputesPage> {
  type Page = { shopifyPaymentsAccount: { disputes: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };
  const data = await shopify.graphql<Page>(disputesPageQuery, { first, after, query: `initiated_at:>='${since.toISOString()}'` });
  // A shop without Shopify Payments has no account, and so no disputes.
  const disputes = data.shopifyPaymentsAccount?.disputes;
  if (!disputes) return { nodes: [], endCursor: null, hasNextPage: false };
  // A dispute we cannot read is skipped (and said), not a reason to stop reading the others.
  const nodes = disputes.nodes.flatMap((n) => {
    const parsed = disputeNodeSchema.safeParse(n);
    if (!parsed.success) onUnreadable?.(n, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.success ? [parsed.data] : [];
  });
  return { nodes, endCursor: disputes.pageInfo.endCursor, hasNextPage: disputes.pageInfo.hasNextPage };
}

export type EvidenceOutcome = { submitted: true } | { submitted: false; refusal: string };

// Sends the evidence and submits it to the bank. A refusal (past the deadline, already submitted, the
// dispute closed) comes back as userErrors, not as an exception: asking again would not change it.
export async function submitPaymentDisputeEvidence(shopify: ShopifyAdmin, evidenceId: string, input: Record<string, unknown>): Promise<EvidenceOutcome> {
  type Answer = {
    disputeEvidenceUpdate: { disputeEvidence: { submitted: boolean } | null; userErrors: Array<{ field: string[] | null; message: string }> } | null;
  };
  const data = await shopify.graphql<Answer>(disputeEvidenceUpdateMutation, { id: evidenceId, input: { ...input, submitEvidence: true } });
  const result = data.disputeEvidenceUpdate;
  if (!result) return { submitted: false, refusal: 'Shopify answered without a result.' };
  if (result.userErrors.length > 0 || !result.disputeEvidence?.submitted) {
    const messages = result.userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message));
    return { submitted: false, refusal: messages.join('; ') || 'Shopify did not mark the evidence as submitted.' };
  }
  return { submitted: true };
}
