import { recordAudit } from '../../db/audit.repository.ts';
import type { Tx } from '../../db/database.ts';
import { lockDispute, updateDispute } from '../../db/disputes.repository.ts';
import type { Dispute } from '../../db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { submitDisputeEvidenceWork, type WorkQueue } from '../work.ts';
import type { Actor } from './cases.ts';
import type { EvidencePack } from './evidence.ts';

// Support's one action on a Shopify Payments case: submit the tracking evidence. The web process has no
// Shopify client, so this records the request and enqueues the job that submits it. Shopify accepts
// evidence once: a second request while one is pending, or after it went through, is refused here,
// and the job itself submits at most once.
export async function requestEvidenceSubmission(trx: Tx, ctx: { queue: WorkQueue }, dispute: Dispute, actor: Actor, now: Date): Promise<Dispute> {
  // Two support users pressing the button at once queue behind this lock; the second is refused.
  const current = await lockDispute(trx, dispute.shop_id, dispute.id);
  if (!current) throw new AppError('not_found', 'This case does not exist.');
  if (current.source !== 'payment' || !current.shopify_dispute_id) {
    throw new AppError('conflict', 'This case was not opened from a Shopify Payments dispute: there is no dispute to send evidence to.');
  }
  if (current.evidence_submitted_at) throw new AppError('conflict', 'The evidence for this dispute was already submitted to Shopify.');
  if (current.evidence_submit_requested_at && !current.evidence_submit_error) {
    throw new AppError('conflict', 'The evidence for this dispute is already being submitted.');
  }
  const pack = current.evidence as EvidencePack | null;
  if (!pack?.delivery) {
    throw new AppError('conflict', 'The carrier has not recorded a delivery for this order: there is no tracking evidence to submit.');
  }
  const updated = await updateDispute(trx, current.id, { evidence_submit_requested_at: now, evidence_submit_error: null });
  await recordAudit(trx, {
    shopId: current.shop_id,
    actorUserId: actor.userId,
    actor: actor.email,
    action: 'dispute.evidence_requested',
    subjectKind: 'dispute',
    subjectId: current.id,
    details: { shopifyDisputeId: current.shopify_dispute_id, order: pack.order.name, evidenceDueBy: current.evidence_due_by?.toISOString() ?? null },
  });
  await ctx.queue.enqueue(trx, submitDisputeEvidenceWork, { disputeId: current.id, requestedBy: actor.userId }, { singletonKey: current.id });
  return updated;
}
