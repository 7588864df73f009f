import { recordAudit } from '../../db/audit.repository.ts';
import type { Tx } from '../../db/database.ts';
import { caseHasEmail, findDisputeByShopifyId, findOpenShopperDispute, insertDispute, updateDispute } from '../../db/disputes.repository.ts';
import { nextEpisode, nextResendEpisode } from '../../db/notifications.repository.ts';
import type { AddressAnswer, Dispute, DisputeResolution, Order, Shipment } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import { storedAlertKind, type CaseEmailKind, type StoredAlertKind, type SupportAlertKind } from '../../core/notification-kinds.ts';
import type { Logger } from '../../core/logger.ts';
import { recordNotification } from '../notifications/record.ts';
import type { WorkQueue } from '../work.ts';
import { storeEvidence } from './case-evidence.ts';

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
// Presumed-lost parcels are cases too, opened by the rules (lost-case.ts).

export interface CaseContext {
  config: Config;
  queue: WorkQueue;
  logger: Logger;
}

export interface Actor {
  userId: string | null;
  email: string;
}

// Who acted, in the audit log, when no support user did.
const SHOPPER: Actor = { userId: null, email: 'shopper' };
const SHOPIFY: Actor = { userId: null, email: 'shopify' };

export const NOTE_LIMIT = 2000;

// Records an email of this case and enqueues its sending: once per case and kind, unless support asks
// for it again (`repeat`). Its episode is the next free one for the parcel and kind; two cases of one
// parcel writing at the same moment make the second try the number after.
export async function emailForCase(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  kind: CaseEmailKind | StoredAlertKind,
  recipient: string | null | undefined,
  locale: string,
  repeat = false,
): Promise<boolean> {
  if (!recipient) return false;
  if (!repeat) {
    if (await caseHasEmail(trx, dispute.id, kind)) return false;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const notification = await recordNotification(trx, ctx, {
      shopId: dispute.shop_id,
      shipmentId: dispute.shipment_id,
      orderId: order.id,
      disputeId: dispute.id,
      kind,
      episode: repeat ? await nextResendEpisode(trx, dispute.shipment_id, kind) : await nextEpisode(trx, dispute.shipment_id, kind),
      recipient,
      locale,
    });
    if (notification) return true;
  }
  throw new Error(`could not number the ${kind} email of case ${dispute.id}`);
}

export const shopperEmail = (trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, kind: CaseEmailKind) =>
  emailForCase(trx, ctx, dispute, order, kind, order.email, order.customer_locale ?? 'en');

export const supportAlert = (trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, alert: SupportAlertKind) =>
  emailForCase(trx, ctx, dispute, order, storedAlertKind(alert), ctx.config.SUPPORT_EMAIL, 'en');

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

export async function resolveCase(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  input: { resolution: DisputeResolution; note: string; actor: Actor; now: Date; emailShopper: boolean },
): Promise<Dispute> {
  if (dispute.state !== 'open') throw new AppError('conflict', 'This case is already resolved.');
  const note = input.note.trim().slice(0, NOTE_LIMIT);
  if (!note) throw new AppError('bad_request', 'Write a note: what was decided, and why.');
  const updated = await updateDispute(trx, dispute.id, {
    state: 'resolved',
    resolution: input.resolution,
    resolution_note: note,
    resolved_at: input.now,
    resolved_by: input.actor.userId,
  });
  const emailed = input.emailShopper ? await shopperEmail(trx, ctx, updated, order, 'dispute_resolved') : false;
  await audit(trx, updated, input.actor, 'dispute.resolved', { order: order.name, resolution: input.resolution, emailed });
  return updated;
}

export async function audit(trx: Tx, dispute: Dispute, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit(trx, { shopId: dispute.shop_id, actorUserId: actor.userId, actor: actor.email, action, subjectKind: 'dispute', subjectId: dispute.id, details });
}
