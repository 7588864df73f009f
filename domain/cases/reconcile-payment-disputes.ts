import { advanceDisputesCursor, disputesCursor, unsettledPaymentDisputeIds } from '../../db/payment-disputes.repository.ts';
import { fetchPaymentDispute, fetchPaymentDisputesSince } from './payment-dispute-api.ts';
import { applyPaymentDispute, SETTLED_STATUSES, type DisputeOutcome, type PaymentCaseContext } from './payment-case.ts';

export interface DisputeReconcileProgress {
  pages: number;
  disputes: number;
  opened: number;
  updated: number;
  otherReason: number;
  noOrder: number;
  // Cases of older, unsettled disputes re-read for their status.
  refreshed: number;
}

// Pages through the disputes initiated since the shop's cursor (or `since`) and moves the cursor to the
// newest one seen once every page is in: a crash repeats the run, and every case is an upsert, so a
// repeat changes nothing. Disputes initiated before the cursor whose case is not settled
// are then re-read one by one, so a missed disputes/update still reaches the case.
export async function reconcilePaymentDisputes(
  ctx: PaymentCaseContext,
  options: { since?: Date; defaultSince: Date; pageSize?: number; onPage?: (progress: DisputeReconcileProgress) => void },
): Promise<DisputeReconcileProgress> {
  const since = options.since ?? (await disputesCursor(ctx.db, ctx.shopId)) ?? options.defaultSince;
  const progress: DisputeReconcileProgress = { pages: 0, disputes: 0, opened: 0, updated: 0, otherReason: 0, noOrder: 0, refreshed: 0 };
  const count = (outcome: DisputeOutcome) => {
    if (outcome === 'opened') progress.opened++;
    else if (outcome === 'updated') progress.updated++;
    else if (outcome === 'other_reason') progress.otherReason++;
    else progress.noOrder++;
  };
  const seen = new Set<string>();
  let after: string | null = null;
  // The query does not promise an order by start date, so the cursor moves only once every page is in.
  let newest: string | null = null;
  do {
    const page = await fetchPaymentDisputesSince(ctx.shopify, since, after, options.pageSize, (node, problem) =>
      ctx.logger.warn({ dispute: (node as { id?: unknown } | null)?.id, problem }, 'a Shopify Payments dispute could not be read: skipped'),
    );
    // One transaction per dispute: an order missing here is read from Shopify first.
    for (const node of page.nodes) {
      count(await applyPaymentDispute(ctx, node));
      seen.add(node.legacyResourceId);
    }
    newest = page.nodes.reduce<string | null>((max, n) => (!max || Date.parse(n.initiatedAt) > Date.parse(max) ? n.initiatedAt : max), newest);
    progress.pages++;
    progress.disputes += page.nodes.length;
    options.onPage?.(progress);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  const cursor = newest;
  if (cursor) await ctx.db.transaction().execute((trx) => advanceDisputesCursor(trx, ctx.shopId, new Date(cursor)));

  for (const shopifyDisputeId of await unsettledPaymentDisputeIds(ctx.db, ctx.shopId, SETTLED_STATUSES)) {
    if (seen.has(shopifyDisputeId)) continue;
    const node = await fetchPaymentDispute(ctx.shopify, shopifyDisputeId);
    if (!node) continue;
    count(await applyPaymentDispute(ctx, node));
    progress.refreshed++;
  }
  return progress;
}
