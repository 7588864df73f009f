import type { DisputeResolution } from '../../db/schema.ts';
import { addSupportNote } from '../../db/support-notes.repository.ts';
import { AppError } from '../../core/errors.ts';
import type { DomainContext } from '../context.ts';
import { audit, confirmAddressBySupport, requestAddressCheck, resolveCase, type Actor } from './cases.ts';
import { actOnCase, caseShipment } from './dispute-case.ts';
import { LOST_RESOLUTIONS, resolveLostCase, type LostResolution, type Replacement } from './lost-case.ts';
import { requestEvidenceSubmission } from './submit-evidence.ts';

// Support's actions on a case from the console, each one action on the locked case (actOnCase), so the
// case keeps the evidence it was acted on, with its emails and audit entries.

type CaseActionContext = Pick<DomainContext, 'db' | 'shopId' | 'config' | 'queue' | 'logger'>;

// Emails the shopper (again) the link to confirm the address.
export function requestAddressCheckOnCase(ctx: CaseActionContext, id: string, actor: Actor, now: Date) {
  return actOnCase(ctx, id, now, (trx, { dispute, order }) => requestAddressCheck(trx, ctx, dispute, order, actor, now));
}

// Support confirmed the address with the customer (phone, chat…).
export function confirmAddressOnCase(ctx: CaseActionContext, id: string, actor: Actor, now: Date, note: string | null) {
  return actOnCase(ctx, id, now, (trx, { dispute, order }) => confirmAddressBySupport(trx, dispute, order, actor, now, note));
}

export interface CaseResolutionInput {
  resolution: DisputeResolution;
  note: string;
  emailShopper: boolean;
  // A lost parcel reshipped: the new parcel.
  replacement?: Replacement;
}

const isLostResolution = (resolution: DisputeResolution): resolution is LostResolution => (LOST_RESOLUTIONS as readonly string[]).includes(resolution);

// How the case ended. A presumed-lost parcel ends found, reshipped or refunded, never rejected: nobody
// claimed anything to reject.
export function resolveCaseAs(ctx: CaseActionContext, id: string, actor: Actor, now: Date, input: CaseResolutionInput) {
  return actOnCase(ctx, id, now, async (trx, { dispute, order }) => {
    const { resolution, note, emailShopper } = input;
    if (dispute.source !== 'lost') return resolveCase(trx, ctx, dispute, order, { resolution, note, actor, now, emailShopper });
    if (!isLostResolution(resolution)) throw new AppError('bad_request', 'Choose how the case ended: found, reshipped or refunded.');
    const lost = await caseShipment(trx, dispute);
    return resolveLostCase(trx, ctx, dispute, order, lost, { resolution, note, actor, now, emailShopper, replacement: input.replacement });
  });
}

// A note on the case's order, for the whole team.
export function addCaseNote(ctx: CaseActionContext, id: string, actor: Actor, now: Date, body: string) {
  return actOnCase(ctx, id, now, async (trx, { dispute, order }) => {
    const note = await addSupportNote(trx, { shopId: dispute.shop_id, orderId: order.id, shipmentId: dispute.shipment_id, authorId: actor.userId, body });
    await audit(trx, dispute, actor, 'note.added', { noteId: note.id, order: order.name });
    return note;
  });
}

// A Shopify Payments case: send the tracking evidence to Shopify.
export function submitCaseEvidence(ctx: CaseActionContext, id: string, actor: Actor, now: Date) {
  return actOnCase(ctx, id, now, (trx, { dispute }) => requestEvidenceSubmission(trx, ctx, dispute, actor, now));
}
