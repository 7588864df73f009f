import type { Tx } from '../db/database.ts';
import { markFollowedUp } from '../db/detection.repository.ts';
import { lostCaseSince } from '../db/disputes.repository.ts';
import type { Order, Shipment, ShipmentIssue } from '../db/schema.ts';
import { alertsSupportOnOpen, hasTrackingEmail, isDelayed } from '../core/notification-kinds.ts';
import { foundByTracking, openLostCase } from './cases/lost-case.ts';
import type { Detection } from './detection/detect.ts';
import { notifyShopper, notifySupport } from './notifications/notify.ts';
import { recordIssueWriteBack } from './shopify/write-back.ts';
import type { ChangeContext } from './tracking/shipment-change.ts';

// What follows detection's decisions, in the same transaction: each new episode's email and support
// alert (core/notification-kinds.ts says which) exactly once, DELAYED for Shopify when it is a delay,
// a case when the parcel is presumed lost; the good news when a silence ends; the follow-up a delay
// email promised; and the parcel's own news (shipped, delivered).
export async function actOnDetection(trx: Tx, shipment: Shipment, detection: Detection, now: Date, ctx: ChangeContext): Promise<void> {
  const { order } = detection;
  for (const issue of detection.opened) {
    const { kind, episode } = issue;
    if (order && hasTrackingEmail(kind)) await notifyShopper(trx, { shipment, order, kind, episode, issueId: issue.id, now }, ctx);
    if (alertsSupportOnOpen(kind)) await notifySupport(trx, { shipment, order, kind, episode, issueId: issue.id, now }, ctx);
    if (isDelayed(kind)) await recordIssueWriteBack(trx, shipment, 'DELAYED', now, ctx);
    if (kind === 'lost' && order) await openLostCase(trx, ctx, { order, shipment, issue, now });
  }
  if (order && detection.ended.length) await afterSilenceEnded(trx, detection.ended, { shipment, order, lostHolds: detection.lostHolds, now }, ctx);
  for (const issue of detection.followUpsDue) await followUp(trx, issue, { shipment, order, now }, ctx);

  if (order && shipment.status === 'delivered') await notifyShopper(trx, { shipment, order, kind: 'delivered', episode: 1, now }, ctx);
  // A tracker EasyPost cannot follow (status error) has not shipped as far as the shopper can tell.
  if (order && shipment.status !== 'unknown' && shipment.status !== 'error') await notifyShopper(trx, { shipment, order, kind: 'shipped', episode: 1, now }, ctx);
}

// Once per stall episode, whether or not an email can go (no address, emails switched off): the
// decision is recorded on the episode either way.
async function followUp(trx: Tx, issue: ShipmentIssue, input: { shipment: Shipment; order: Order | undefined; now: Date }, ctx: ChangeContext): Promise<void> {
  await markFollowedUp(trx, issue.id, input.now);
  await notifyShopper(trx, { shipment: input.shipment, order: input.order, kind: 'follow_up', episode: issue.episode, issueId: issue.id, now: input.now }, ctx);
  ctx.logger.info({ shipmentId: input.shipment.id, episode: issue.episode }, 'stall followed up');
}

const scannedAtOpening = (issue: ShipmentIssue) => {
  const at = (issue.details as { lastScanAt?: string | null } | null)?.lastScanAt;
  return at ? new Date(at) : null;
};

// A lost episode, or a stall the shopper was followed up on, has just ended. If the carrier scanned
// the parcel since (or delivered it), it is found: an open lost case closes by itself, and a shopper
// who was told it might be lost hears the good news once, unless another email brings it anyway
// (delivered, ready for pickup, returning) or the shop has already replaced or refunded it.
async function afterSilenceEnded(trx: Tx, ended: ShipmentIssue[], input: { shipment: Shipment; order: Order; lostHolds: boolean; now: Date }, ctx: ChangeContext): Promise<void> {
  const { shipment, order, now } = input;
  const lost = input.lostHolds ? undefined : ended.find((i) => i.kind === 'lost');
  const stall = ended.find((i) => i.kind === 'stalled' && i.followed_up_at !== null);
  const silence = lost ?? stall;
  if (!silence) return;
  const before = scannedAtOpening(silence);
  const moved = shipment.status === 'delivered' || (shipment.last_scan_at !== null && (!before || shipment.last_scan_at > before));
  if (!moved) return;
  const onItsWay = shipment.status === 'in_transit' || shipment.status === 'out_for_delivery';
  if (lost && (await foundByTracking(trx, ctx, { order, shipment, now, tellShopper: onItsWay }))) return;
  if (!stall || !onItsWay || input.lostHolds || (await lostCaseSince(trx, shipment.id, stall.opened_at))) return;
  await notifyShopper(trx, { shipment, order, kind: 'parcel_found', episode: stall.episode, issueId: stall.id, now }, ctx);
}
