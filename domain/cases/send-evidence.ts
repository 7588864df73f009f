import { recordAudit } from '../../db/audit.repository.ts';
import { lockDispute, updateDispute } from '../../db/disputes.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import { trackingNow } from '../../core/clock.ts';
import type { DomainContext } from '../context.ts';
import { syncPaymentDisputeWork } from '../work.ts';
import { refreshEvidence } from './case-evidence.ts';
import type { EvidencePack } from './evidence.ts';
import { fetchPaymentDispute, submitPaymentDisputeEvidence } from './payment-dispute-api.ts';
import { evidenceInput } from './payment-evidence-input.ts';

// Which try this is: the last one records Shopify being out of reach instead of trying again.
export interface Attempt {
  number: number;
  last: boolean;
}

type SubmitContext = Pick<DomainContext, 'db' | 'shopify' | 'shopId' | 'logger' | 'queue' | 'config'>;

// Submits a case's tracking evidence to Shopify, once (support asked for it: submit-evidence.ts). The
// case stays locked from the check to the record, so a run repeated (or retried after the answer) finds
// it submitted and does nothing. A refusal (past the deadline, already submitted, the dispute closed) is
// recorded and not retried; Shopify out of reach is retried a few times, then recorded. Support may ask
// again after an error.
export async function sendEvidenceToShopify({ db, shopify, shopId, logger, queue, config }: SubmitContext, disputeId: string, requestedBy: string | null, attempt: Attempt): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await lockDispute(trx, shopId, disputeId);
    const order = locked && (await findOrderById(trx, locked.order_id));
    // What is submitted is the evidence as it stands now, not as it stood when the case opened.
    const dispute =
      locked && order && locked.state === 'open'
        ? await refreshEvidence(trx, config, locked, order, locked.shipment_id ? await findShipment(trx, locked.shipment_id) : undefined, trackingNow())
        : locked;
    if (!dispute?.shopify_dispute_id || dispute.evidence_submitted_at || !dispute.evidence_submit_requested_at || dispute.evidence_submit_error) return;
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(trx, { shopId, actorUserId: requestedBy, actor: 'shopify', action, subjectKind: 'dispute', subjectId: dispute.id, details: { shopifyDisputeId: dispute.shopify_dispute_id, ...details } });
    const fail = async (error: string) => {
      await updateDispute(trx, dispute.id, { evidence_submit_error: error });
      await audit('dispute.evidence_failed', { error });
      logger.warn({ disputeId, shopifyDisputeId: dispute.shopify_dispute_id, error }, 'dispute evidence not submitted');
    };

    const pack = dispute.evidence as EvidencePack | null;
    if (!pack) return fail('The case has no evidence pack to submit.');
    if (!pack.delivery) return fail('The carrier has not recorded a delivery for this parcel: there is no tracking evidence to submit.');
    try {
      if (!shopify) throw new Error('Shopify is not configured on the worker.');
      // The evidence has an id of its own: read it from the dispute, as it is now.
      const node = await fetchPaymentDispute(shopify, dispute.shopify_dispute_id);
      if (!node?.disputeEvidence) return fail('Shopify no longer knows this dispute.');
      if (node.evidenceSentOn) {
        // Already with the bank: an earlier attempt whose answer was lost, or someone in Shopify's admin.
        await updateDispute(trx, dispute.id, { evidence_submitted_at: new Date(), evidence_submit_error: null, payment_status: node.status });
        await audit('dispute.evidence_submitted', { status: node.status, evidenceSentOn: node.evidenceSentOn, alreadyInShopify: true });
        return;
      }
      const outcome = await submitPaymentDisputeEvidence(shopify, node.disputeEvidence.id, evidenceInput(dispute, pack, config.SHOP_TIME_ZONE));
      if (!outcome.submitted) return fail(`Shopify refused the evidence: ${outcome.refusal}`);
      await updateDispute(trx, dispute.id, { evidence_submitted_at: new Date(), evidence_submitted_by: requestedBy, evidence_submit_error: null });
      await audit('dispute.evidence_submitted', {});
      // The dispute's status moves on (under review): read it back as a webhook would have us do.
      await queue.enqueue(trx, syncPaymentDisputeWork, { shopifyDisputeId: dispute.shopify_dispute_id }, { singletonKey: dispute.shopify_dispute_id });
      logger.info({ disputeId, shopifyDisputeId: dispute.shopify_dispute_id }, 'dispute evidence submitted to Shopify');
    } catch (error) {
      if (!attempt.last) throw error;
      await fail(`Shopify could not be reached after ${attempt.number} attempts: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
