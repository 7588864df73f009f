import type { Tx } from '../../db/database.ts';
import { lockDispute, updateDispute } from '../../db/disputes.repository.ts';
import type { Dispute, DisputeResolution, DisputeSource, Order, Shipment } from '../../db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { audit, NOTE_LIMIT, shopperEmail, type Actor, type CaseContext } from './case-records.ts';

// The one way a case ends, whatever its source and whoever ends it: support from the console (a
// report, a payment dispute, a presumed-lost parcel) or the parcel's own scans (a lost parcel found).
// The case is locked and must still be open; the resolution is stored with its note, who and when; the
// shopper is emailed when asked; the audit log says so. What only one outcome does (a lost parcel's
// replacement becomes a new shipment) is the caller's outcome step, run once the case is known to be
// open and before it is stored, so a refused step leaves the case open.

export interface CaseDecision {
  resolution: DisputeResolution;
  // Required of support: what was decided, and why. Null only when the parcel's own scans decided.
  note: string | null;
  actor: Actor;
  now: Date;
  emailShopper: boolean;
}

// What an outcome adds to the common part: the replacement it shipped, facts for the audit entry.
export interface OutcomeEffects {
  replacement?: Shipment;
  audit?: Record<string, unknown>;
}

export type OutcomeStep = (open: Dispute) => Promise<OutcomeEffects>;

// The notification kind of the resolution email. Both kinds predate the one case_resolved email and
// stay as they are: rows already stored keep rendering and resending (each kind is written with that
// email), episodes keep their numbering, and no migration renames them (one kind would collide on the
// (shipment, kind, episode) key for a parcel that had both a report and a lost case).
function resolutionNotificationKind(source: DisputeSource): 'dispute_resolved' | 'lost_resolved' {
  return source === 'lost' ? 'lost_resolved' : 'dispute_resolved';
}

function supportNote(note: string): string {
  const written = note.trim().slice(0, NOTE_LIMIT);
  if (!written) throw new AppError('bad_request', 'Write a note: what was decided, and why.');
  return written;
}

export async function resolveOpenCase(trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, decision: CaseDecision, outcomeStep?: OutcomeStep): Promise<Dispute> {
  // Whatever the caller read before, the case as it stands now, held until the transaction ends.
  const open = await lockDispute(trx, dispute.shop_id, dispute.id);
  if (open?.state !== 'open') throw new AppError('conflict', 'This case is already resolved.');
  const note = decision.note === null ? null : supportNote(decision.note);
  const effects = outcomeStep ? await outcomeStep(open) : {};
  const resolved = await updateDispute(trx, open.id, {
    state: 'resolved',
    resolution: decision.resolution,
    resolution_note: note,
    resolved_at: decision.now,
    resolved_by: decision.actor.userId,
    replacement_shipment_id: effects.replacement?.id ?? null,
  });
  const emailed = decision.emailShopper ? await shopperEmail(trx, ctx, resolved, order, resolutionNotificationKind(resolved.source)) : false;
  await audit(trx, resolved, decision.actor, 'dispute.resolved', { order: order.name, resolution: decision.resolution, emailed, ...effects.audit });
  return resolved;
}
