import type { Tx } from '../../db/database.ts';
import { markFollowedUp } from '../../db/detection.repository.ts';
import { lostCaseSince } from '../../db/disputes.repository.ts';
import type { Config } from '../../core/config.ts';
import type { Order, Shipment, ShipmentIssue } from '../../db/schema.ts';
import { foundByTracking } from '../cases/lost-case.ts';
import { notifyShopper } from '../notifications/notify.ts';
import type { ChangeContext } from '../tracking/shipment-change.ts';
import { elapsedHours } from './conditions.ts';

// What a silent parcel is owed beyond its episode's first email: the follow-up the delay email
// promised ("if it still hasn't moved by then, we'll contact you"), and the good news when it moves
// again after the shopper was told it might be lost.

type FollowUpConfig = Pick<Config, 'STALL_FOLLOW_UP_DAYS' | 'STALL_BUSINESS_DAYS'>;

// The window the delay email named (STALL_FOLLOW_UP_DAYS, working days when STALL_BUSINESS_DAYS) has
// passed since the stall opened, and the stall is still open: no scan has ended it.
export function followUpDue(issue: ShipmentIssue, now: Date, config: FollowUpConfig): boolean {
  if (issue.kind !== 'stalled' || issue.cleared_at !== null || issue.followed_up_at !== null) return false;
  return elapsedHours(issue.opened_at, now, config.STALL_BUSINESS_DAYS) >= config.STALL_FOLLOW_UP_DAYS * 24;
}

// Once per stall episode, whether or not an email can go (no address, emails switched off): the
// decision is recorded on the episode either way.
export async function followUp(trx: Tx, issue: ShipmentIssue, input: { shipment: Shipment; order: Order | undefined; now: Date }, ctx: ChangeContext): Promise<void> {
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
export async function afterSilenceEnded(trx: Tx, ended: ShipmentIssue[], input: { shipment: Shipment; order: Order; lostHolds: boolean; now: Date }, ctx: ChangeContext): Promise<void> {
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
