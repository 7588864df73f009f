import type { Tx } from '../../db/database.ts';
import { findDisputeByShopifyId, findOpenShopperDispute, insertDispute, updateDispute } from '../../db/disputes.repository.ts';
import type { AddressAnswer, Dispute, DisputeResolution, Order, Shipment } from '../../db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { storeEvidence } from './case-evidence.ts';
import { audit, emailForCase, NOTE_LIMIT, shopperEmail, supportAlert, type Actor, type CaseContext } from './case-records.ts';
import { resolveOpenCase } from './resolve-case.ts';

export { audit, emailForCase, NOTE_LIMIT, shopperEmail, supportAlert, type Actor, type CaseContext } from './case-records.ts';

// The life of a not-received case, each step inside the caller's transaction so the case, its emails
// and its audit entries are written together or not at all:
//
//   openShopperCase        the shopper said "still not here" (one open case per parcel)
//   upsertPaymentCase      a Shopify Payments dispute arrived or changed (one case per dispute)
//   requestAddressCheck    email the shopper a signed link to confirm the address
//   recordAddressAnswer    the shopper confirmed the address, or said it was wrong
//   confirmAddressBySupport  support confirmed the address with the customer (phone, chat…)
//   resolveCase            found, reshipped, refunded or rejected, with a note and an email
//
// Presumed-lost parcels are cases too, opened by the rules (lost-case.ts). Every case ends the same
// way (resolve-case.ts); what a case writes beside itself, emails and audit entries, is case-records.ts.

// Who acted, in the audit log, when no support user did.
const SHOPPER: Actor = { userId: null, email: 'shopper' };
const SHOPIFY: Actor = { userId: null, email: 'shopify' };

// The shopper confirmed "still not here" on a delivered parcel. A second report while the case is open
// adds nothing (the first one stands); it answers with the open case.
export async function openShopperCase(
  trx: Tx,
  ctx: CaseContext,
  input: { order: Order; shipment: Shipment; note: string | null; now: Date },
): Promise<{ dispute: Dispute; created: boolean }> {
  const { order, shipment, now } = input;
  const note = input.note?.trim().slice(0, NOTE_LIMIT) || null;
  const inserted = await insertDispute(trx, {
    shop_id: order.shop_id,
    order_id: order.id,
    shipment_id: shipment.id,
    source: 'shopper',
    shopper_note: note,
    delivered_when_opened: shipment.status === 'delivered',
    address_requested_at: order.email ? now : null,
  });
  if (!inserted) {
    const open = await findOpenShopperDispute(trx, shipment.id);
    if (!open) throw new Error(`no open case for shipment ${shipment.id}, yet one refused the new one`);
    return { dispute: open, created: false };
  }
  const { dispute } = await storeEvidence(trx, ctx.config, inserted, order, shipment, now);
  await shopperEmail(trx, ctx, dispute, order, 'dispute_received');
  await shopperEmail(trx, ctx, dispute, order, 'address_confirmation');
  await supportAlert(trx, ctx, dispute, order, 'dispute_opened');
  await audit(trx, dispute, SHOPPER, 'dispute.opened', { order: order.name, trackingCode: shipment.tracking_code, repeatClaim: dispute.repeat_flag !== null });
  return { dispute, created: true };
}

export interface PaymentDisputeFacts {
  shopifyDisputeId: string;
  // INQUIRY or CHARGEBACK
  kind: string | null;
  status: string | null;
  reason: string | null;
  amount: string | null;
  currency: string | null;
  evidenceDueBy: Date | null;
}

// How far a Shopify Payments dispute has gone: open, then under review, then settled.
function statusRank(status: string | null): number {
  if (status === 'NEEDS_RESPONSE') return 0;
  if (status === 'UNDER_REVIEW') return 1;
  return status ? 2 : 0;
}

// A Shopify Payments dispute that says the product never arrived. The first sighting (webhook or
// reconciliation, whichever is first) opens the case, assembles the evidence and alerts support with
// the deadline; later sightings only bring the dispute's status and deadline up to date.
export async function upsertPaymentCase(
  trx: Tx,
  ctx: CaseContext,
  input: PaymentDisputeFacts & { order: Order; shipment: Shipment | undefined; now: Date },
): Promise<{ dispute: Dispute; created: boolean }> {
  const { order, shipment, now } = input;
  const facts = {
    payment_kind: input.kind,
    payment_status: input.status,
    payment_reason: input.reason,
    payment_amount: input.amount,
    payment_currency: input.currency,
    evidence_due_by: input.evidenceDueBy,
  };
  const inserted = await insertDispute(trx, {
    shop_id: order.shop_id,
    order_id: order.id,
    shipment_id: shipment?.id ?? null,
    source: 'payment',
    shopify_dispute_id: input.shopifyDisputeId,
    delivered_when_opened: shipment?.status === 'delivered',
    ...facts,
  });
  if (!inserted) {
    const existing = await findDisputeByShopifyId(trx, order.shop_id, input.shopifyDisputeId);
    if (!existing) throw new Error(`payment dispute ${input.shopifyDisputeId} neither inserted nor found`);
    // A read that started before a newer one was stored must not move the status back.
    if (statusRank(input.status) < statusRank(existing.payment_status)) return { dispute: existing, created: false };
    const dispute = await updateDispute(trx, existing.id, facts);
    return { dispute, created: false };
  }
  const { dispute } = await storeEvidence(trx, ctx.config, inserted, order, shipment, now);
  await supportAlert(trx, ctx, dispute, order, 'payment_dispute');
  await audit(trx, dispute, SHOPIFY, 'dispute.opened', { order: order.name, shopifyDisputeId: input.shopifyDisputeId, kind: input.kind, delivered: dispute.delivered_when_opened });
  return { dispute, created: true };
}

// Asks the shopper (again) to confirm the address; the link in the email is signed for the case.
export async function requestAddressCheck(trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, actor: Actor, now: Date): Promise<Dispute> {
  if (dispute.state !== 'open') throw new AppError('conflict', 'This case is closed.');
  if (!order.email) throw new AppError('conflict', 'The order has no email address to ask.');
  const updated = await updateDispute(trx, dispute.id, { address_requested_at: now });
  // A repeat request is a resend of the same email: a new row after the first.
  const sent = await shopperEmail(trx, ctx, updated, order, 'address_confirmation');
  if (!sent) await emailForCase(trx, ctx, updated, order, 'address_confirmation', order.email, order.customer_locale ?? 'en', true);
  await audit(trx, updated, actor, 'dispute.address_requested', { order: order.name });
  return updated;
}

// The shopper's own answer from the signed link. The latest answer counts while the case is open; an
// address said to be wrong alerts support.
export async function recordAddressAnswer(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  answer: { answer: AddressAnswer; correction: string | null; now: Date },
): Promise<Dispute> {
  if (dispute.state !== 'open') throw new AppError('conflict', 'This case is closed.');
  const correction = answer.answer === 'wrong' ? answer.correction?.trim().slice(0, NOTE_LIMIT) || null : null;
  const updated = await updateDispute(trx, dispute.id, { address_answer: answer.answer, address_correction: correction, address_answered_at: answer.now });
  if (answer.answer === 'wrong' && dispute.address_answer !== 'wrong') await supportAlert(trx, ctx, updated, order, 'address_wrong');
  await audit(trx, dispute, SHOPPER, answer.answer === 'confirmed' ? 'dispute.address_confirmed_by_shopper' : 'dispute.address_reported_wrong', { order: order.name });
  return updated;
}

export async function confirmAddressBySupport(trx: Tx, dispute: Dispute, order: Order, actor: Actor, now: Date, note: string | null): Promise<Dispute> {
  if (dispute.state !== 'open') throw new AppError('conflict', 'This case is closed.');
  const updated = await updateDispute(trx, dispute.id, { address_confirmed_by: actor.userId, address_confirmed_at: now });
  await audit(trx, updated, actor, 'dispute.address_confirmed', { order: order.name, note: note?.trim().slice(0, NOTE_LIMIT) || null });
  return updated;
}

export const RESOLUTIONS: DisputeResolution[] = ['found', 'reshipped', 'refunded', 'rejected'];

// A report or a payment dispute ends as support decides; its email has the report's words.
export async function resolveCase(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  input: { resolution: DisputeResolution; note: string; actor: Actor; now: Date; emailShopper: boolean },
): Promise<Dispute> {
  return resolveOpenCase(trx, ctx, dispute, order, input);
}
