import type { Tx } from '../../db/database.ts';
import { clearIssues, findCarrierThreshold, listOpenIssues, openIssue } from '../../db/detection.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Order, Shipment, ShipmentIssue } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { deliveryEstimateOf } from '../tracking/learned-estimate.ts';
import type { TrackingStatus } from '../tracking/tracker-snapshot.ts';
import { activeConditions, type Condition } from './conditions.ts';
import { isInternational, lostAfterDays } from './scope.ts';
import { followUpDue } from './silence.ts';
import { stallFloorHours, stallThresholdFor } from './stall-threshold.ts';

const HOUR = 3_600_000;

const sameSituation = (details: unknown, condition: Condition) => (details as { situation?: string } | null)?.situation === condition.situation;

// The detection rules for one shipment, inside the caller's transaction: conditions that no longer
// hold close their episode (a stall clears when the parcel moves) and new ones open the next episode,
// each recorded once. Detection only decides and records its episodes; what follows a decision (the
// emails, support's alert, Shopify, a lost case) is the caller's: domain/after-change.ts.
export interface Detection {
  order: Order | undefined;
  // Episodes that began now, already recorded.
  opened: ShipmentIssue[];
  // Episodes that ended now.
  ended: ShipmentIssue[];
  // Open stalls whose promised follow-up is due (silence.ts).
  followUpsDue: ShipmentIssue[];
  // The parcel is presumed lost, now or still.
  lostHolds: boolean;
}

export async function detectIssues(trx: Tx, shipment: Shipment, now: Date, config: Config, logger: Logger): Promise<Detection> {
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

  const opened: ShipmentIssue[] = [];
  for (const condition of conditions) {
    if (open.some((issue) => issue.kind === condition.kind && sameSituation(issue.details, condition))) continue;
    const issue = await openIssue(trx, { shopId: shipment.shop_id, shipmentId: shipment.id, kind: condition.kind, at: now, details: { situation: condition.situation, ...condition.details } });
    logger.info({ shipmentId: shipment.id, kind: issue.kind, episode: issue.episode }, 'shipment issue opened');
    opened.push(issue);
  }
  const followUpsDue = open.filter((issue) => !ended.includes(issue) && followUpDue(issue, now, config));
  return { order, opened, ended, followUpsDue, lostHolds: conditions.some((c) => c.kind === 'lost') };
}
