import type { Db, Tx } from '../../db/database.ts';
import { updateDispute } from '../../db/disputes.repository.ts';
import type { Dispute, Order, Shipment } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import { assembleEvidence, repeatClaimFlag, type EvidencePack } from './evidence.ts';

// The evidence pack of a case and its repeat-claim flag, as they stand now. They are stored when the
// case changes (it opens, support acts on it, its evidence goes to Shopify), so what was acted on is
// what the case keeps; reading a case computes them and writes nothing.

type EvidenceConfig = Pick<Config, 'REPEAT_CLAIMS_COUNT' | 'REPEAT_CLAIMS_DAYS'>;

async function currentEvidence(db: Db | Tx, config: EvidenceConfig, dispute: Dispute, order: Order, shipment: Shipment | undefined, now: Date) {
  const lost = dispute.source === 'lost' ? { issueId: dispute.issue_id } : undefined;
  const pack = await assembleEvidence(db, { order, shipment, disputeId: dispute.id, lost }, { now, historyDays: config.REPEAT_CLAIMS_DAYS });
  // A parcel the carrier lost is no claim of the customer's: it is never flagged as a repeat.
  const flag = lost ? null : repeatClaimFlag(pack, { threshold: config.REPEAT_CLAIMS_COUNT, windowDays: config.REPEAT_CLAIMS_DAYS });
  return { pack, flag };
}

// While its evidence is on the way to Shopify, the submitting job holds the case: it is left as it is.
export function evidenceInFlight(dispute: Dispute): boolean {
  return dispute.evidence_submit_requested_at !== null && !dispute.evidence_submitted_at && !dispute.evidence_submit_error;
}

export async function storeEvidence(
  trx: Tx,
  config: EvidenceConfig,
  dispute: Dispute,
  order: Order,
  shipment: Shipment | undefined,
  now: Date,
): Promise<{ dispute: Dispute; pack: EvidencePack }> {
  const { pack, flag } = await currentEvidence(trx, config, dispute, order, shipment, now);
  const updated = await updateDispute(trx, dispute.id, { evidence: JSON.stringify(pack), repeat_flag: flag ? JSON.stringify(flag) : null });
  return { dispute: updated, pack };
}

// Re-assembles and stores the evidence of an open case; a closed case keeps what it closed with.
export async function refreshEvidence(trx: Tx, config: EvidenceConfig, dispute: Dispute, order: Order, shipment: Shipment | undefined, now: Date): Promise<Dispute> {
  if (dispute.state !== 'open') return dispute;
  return (await storeEvidence(trx, config, dispute, order, shipment, now)).dispute;
}

// A case as support reads it: an open case with its evidence and flag as they stand now, computed and
// not stored; a closed case, or one whose evidence is on the way to Shopify, as stored.
export async function caseAsItStands(db: Db, config: EvidenceConfig, dispute: Dispute, order: Order, shipment: Shipment | undefined, now: Date): Promise<Dispute> {
  if (dispute.state !== 'open' || evidenceInFlight(dispute)) return dispute;
  const { pack, flag } = await currentEvidence(db, config, dispute, order, shipment, now);
  return { ...dispute, evidence: pack, repeat_flag: flag };
}
