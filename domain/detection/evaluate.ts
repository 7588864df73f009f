import type { Tx } from '../../db/database.ts';
import { clearIssues, findCarrierThreshold, listOpenIssues, openIssue } from '../../db/detection.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Shipment } from '../../db/schema.ts';
import { alertsSupportOnOpen, hasTrackingEmail, isDelayed } from '../../core/notification-kinds.ts';
import type { ChangeContext } from '../tracking/shipment-change.ts';
import { deliveryEstimateOf } from '../tracking/learned-estimate.ts';
import type { TrackingStatus } from '../tracking/tracker-snapshot.ts';
import { notifyShopper, notifySupport } from '../notifications/notify.ts';
import { openLostCase } from '../cases/lost-case.ts';
import { recordIssueWriteBack } from '../shopify/write-back.ts';
import { activeConditions, type Condition } from './conditions.ts';
import { isInternational, lostAfterDays } from './scope.ts';
import { afterSilenceEnded, followUp, followUpDue } from './silence.ts';
import { stallFloorHours, stallThresholdFor } from './stall-threshold.ts';

const HOUR = 3_600_000;

const sameSituation = (details: unknown, condition: Condition) => (details as { situation?: string } | null)?.situation === condition.situation;

// Runs the detection rules for one shipment inside the caller's transaction: conditions that no longer
// hold close their episode (a stall clears when the parcel moves), new ones open the next episode,
// and each new episode records its email and support's alert (core/notification-kinds.ts says which)
// exactly once, and a delayed one tells Shopify DELAYED. A lost episode opens a case; a stall still
// open when its promised window ends gets its follow-up.
export async function evaluateShipment(trx: Tx, shipment: Shipment, now: Date, ctx: ChangeContext): Promise<void> {
  if (shipment.retired_at) return;
  const { config } = ctx;
  const order = await findOrderById(trx, shipment.order_id);
  const international = isInternational(order, config.SHOP_COUNTRY);
  // The carrier's learned threshold is read only when a stall is possible at all (most changes are a
  // new scan, which no threshold can call a stall).
  const quietHours = shipment.last_scan_at ? (now.getTime() - shipment.last_scan_at.getTime()) / HOUR : 0;
  const stallPossible = (shipment.status === 'in_transit' || shipment.status === 'out_for_delivery') && quietHours >= stallFloorHours(config);
  const learned = stallPossible && shipment.carrier ? await findCarrierThreshold(trx, shipment.shop_id, shipment.carrier, international ? 'international' : 'domestic') : undefined;
  const conditions = activeConditions(
    {
      status: shipment.status as TrackingStatus,
      statusDetail: shipment.status_detail,
      trackingStartedAt: shipment.created_at,
      lastScanAt: shipment.last_scan_at,
      lastChangeAt: shipment.last_change_at,
      invalidCode: shipment.attention === 'invalid_tracking_code',
      // The carrier's date, else the one the shop's own history gives (deliveryEstimateOf).
      estDeliveryAt: deliveryEstimateOf(shipment)?.at ?? null,
      estimateSource: deliveryEstimateOf(shipment)?.source ?? null,
    },
    now,
    {
      neverScannedDays: config.NEVER_SCANNED_DAYS,
      lateGraceHours: config.LATE_GRACE_HOURS,
      businessDays: config.STALL_BUSINESS_DAYS,
      stallThreshold: stallThresholdFor(shipment.carrier, international, config, learned),
      lostAfterDays: lostAfterDays(order, config),
      expireDays: config.POLL_EXPIRE_DAYS,
    },
  );

  const open = await listOpenIssues(trx, shipment.id);
  const ended = open.filter((issue) => !conditions.some((c) => c.kind === issue.kind && sameSituation(issue.details, c)));
  await clearIssues(trx, ended.map((i) => i.id), now);

  for (const condition of conditions) {
    if (open.some((issue) => issue.kind === condition.kind && sameSituation(issue.details, condition))) continue;
    const issue = await openIssue(trx, { shopId: shipment.shop_id, shipmentId: shipment.id, kind: condition.kind, at: now, details: { situation: condition.situation, ...condition.details } });
    ctx.logger.info({ shipmentId: shipment.id, kind: issue.kind, episode: issue.episode }, 'shipment issue opened');
    const { kind, episode } = issue;
    if (order && hasTrackingEmail(kind)) await notifyShopper(trx, { shipment, order, kind, episode, issueId: issue.id, now }, ctx);
    if (alertsSupportOnOpen(kind)) await notifySupport(trx, { shipment, order, kind, episode, issueId: issue.id, now }, ctx);
    if (isDelayed(kind)) await recordIssueWriteBack(trx, shipment, 'DELAYED', now, ctx);
    if (issue.kind === 'lost' && order) await openLostCase(trx, ctx, { order, shipment, issue, now });
  }

  if (order && ended.length) await afterSilenceEnded(trx, ended, { shipment, order, lostHolds: conditions.some((c) => c.kind === 'lost'), now }, ctx);
  for (const issue of open) {
    if (!ended.includes(issue) && followUpDue(issue, now, config)) await followUp(trx, issue, { shipment, order, now }, ctx);
  }

  if (order && shipment.status === 'delivered') await notifyShopper(trx, { shipment, order, kind: 'delivered', episode: 1, now }, ctx);
  // A tracker EasyPost cannot follow (status error) has not shipped as far as the shopper can tell.
  if (order && shipment.status !== 'unknown' && shipment.status !== 'error') await notifyShopper(trx, { shipment, order, kind: 'shipped', episode: 1, now }, ctx);
}
