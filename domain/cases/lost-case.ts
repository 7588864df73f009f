import type { Tx } from '../../db/database.ts';
import { findOpenLostCase, insertDispute } from '../../db/disputes.repository.ts';
import type { Dispute, Order, Shipment, ShipmentIssue } from '../../db/schema.ts';
import { findShipmentByCode, insertShipment } from '../../db/shipments.repository.ts';
import { AppError } from '../../core/errors.ts';
import { recordIssueWriteBack } from '../shopify/write-back.ts';
import { normalizeTrackingNumber } from '../shopify/tracking-numbers.ts';
import { storeEvidence } from './case-evidence.ts';
import { audit, supportAlert, type Actor, type CaseContext } from './case-records.ts';
import { resolveOpenCase } from './resolve-case.ts';

// A presumed-lost parcel is a case of its own kind (source 'lost'), worked like a not-received claim:
//
//   openLostCase        a lost episode opened (no scan for too long, the carrier says lost or damaged,
//                       tracking expired): the case, its evidence, a support alert, FAILURE to Shopify
//   foundByTracking     the parcel moved again: the case closes by itself, the shopper hears it once
//   resolveLostCase     support decides: reshipped (a new parcel of the order), refunded, or found
//
// The last two end the case the way every case ends (resolve-case.ts); shipping the replacement is
// the one step of the lost case's own.

export const LOST_RESOLUTIONS = ['found', 'reshipped', 'refunded'] as const;
export type LostResolution = (typeof LOST_RESOLUTIONS)[number];

// The tracking itself, in the audit log, when the parcel's own scans closed a case.
const TRACKING: Actor = { userId: null, email: 'tracking' };

// Once per parcel while a case is open: an episode that turns over joins the open case.
export async function openLostCase(trx: Tx, ctx: CaseContext, input: { order: Order; shipment: Shipment; issue: ShipmentIssue; now: Date }): Promise<Dispute | undefined> {
  const { order, shipment, issue, now } = input;
  const inserted = await insertDispute(trx, {
    shop_id: order.shop_id,
    order_id: order.id,
    shipment_id: shipment.id,
    source: 'lost',
    issue_id: issue.id,
    opened_at: now,
    delivered_when_opened: false,
  });
  if (!inserted) return undefined;
  const { dispute } = await storeEvidence(trx, ctx.config, inserted, order, shipment, now);
  await supportAlert(trx, ctx, dispute, order, 'presumed_lost');
  const reason = (issue.details as { reason?: string } | null)?.reason ?? null;
  await audit(trx, dispute, TRACKING, 'dispute.opened', { order: order.name, trackingCode: shipment.tracking_code, presumedLost: reason });
  await recordIssueWriteBack(trx, shipment, 'FAILURE', now, ctx);
  ctx.logger.info({ shipmentId: shipment.id, disputeId: dispute.id, reason }, 'parcel presumed lost: case opened');
  return dispute;
}

// The parcel scanned again after it was presumed lost: the open case is resolved as found, and the
// shopper is told (unless another email already brings the news: delivered, ready for pickup).
// Undefined when no case was open.
export async function foundByTracking(trx: Tx, ctx: CaseContext, input: { order: Order; shipment: Shipment; now: Date; tellShopper: boolean }): Promise<Dispute | undefined> {
  const { order, shipment, now } = input;
  const open = await findOpenLostCase(trx, shipment.id);
  if (!open) return undefined;
  const decision = { resolution: 'found' as const, note: null, actor: TRACKING, now, emailShopper: input.tellShopper };
  return resolveOpenCase(trx, ctx, open, order, decision, async (locked) => {
    // The case keeps the evidence it closed on: the scan that ended the silence.
    await storeEvidence(trx, ctx.config, locked, order, shipment, now);
    return { audit: { status: shipment.status } };
  });
}

export interface Replacement {
  trackingCode: string;
  carrier: string | null;
}

// The replacement becomes a new shipment of the order, tracked from now like any other (due at
// once, on the carrier support named, or the one EasyPost detects); an order sync leaves it be.
async function shipReplacement(trx: Tx, order: Order, lost: Shipment | undefined, replacement: Replacement | undefined, now: Date): Promise<Shipment> {
  const number = normalizeTrackingNumber(replacement?.trackingCode);
  if (!number) throw new AppError('bad_request', 'Give the replacement’s tracking number.');
  if (!number.ok) throw new AppError('bad_request', `That tracking number is ${number.reason}.`);
  const taken = await findShipmentByCode(trx, order.shop_id, number.code);
  if (taken) throw new AppError('conflict', `Tracking number ${number.code} already belongs to a parcel in this shop.`);
  return insertShipment(trx, {
    shop_id: order.shop_id,
    order_id: order.id,
    tracking_code: number.code,
    declared_carrier: replacement?.carrier?.trim() || null,
    shipped_at: now,
    next_check_at: now,
    replaces_shipment_id: lost?.id ?? null,
  });
}

export async function resolveLostCase(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  lost: Shipment | undefined,
  input: { resolution: LostResolution; note: string; actor: Actor; now: Date; emailShopper: boolean; replacement?: Replacement },
): Promise<Dispute> {
  return resolveOpenCase(trx, ctx, dispute, order, input, async () => {
    const replacement = input.resolution === 'reshipped' ? await shipReplacement(trx, order, lost, input.replacement, input.now) : undefined;
    return { replacement, audit: { replacement: replacement?.tracking_code ?? null } };
  });
}
