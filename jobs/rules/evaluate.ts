import type { Tx } from '../../db/database.ts';
import { clearIssues, findCarrierThreshold, listOpenIssues, openIssue } from '../../db/detection.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { IssueKind, Order, Shipment } from '../../db/schema.ts';
import type { ChangeContext } from '../tracking/shipment-change.ts';
import { deliveryEstimateOf } from '../tracking/learned-estimate.ts';
import type { TrackingStatus } from '../tracking/tracker-snapshot.ts';
import { notifyShopper, notifySupport, type ShopperEmailKind } from '../notifications/notify.ts';
import { activeConditions, type Condition } from './conditions.ts';
import { stallThresholdFor } from './stall-threshold.ts';

// Issues support must look at, and the email each issue sends the shopper (none: support decides).
const ALERTED: ReadonlySet<IssueKind> = new Set(['stalled', 'never_scanned', 'returning', 'exception', 'lost_or_damaged', 'tracking_error']);
const shopperEmail: Record<IssueKind, ShopperEmailKind | null> = {
  stalled: 'stalled',
  late: 'late',
  never_scanned: 'never_scanned',
  action_needed: 'action_needed',
  returning: 'returning',
  carrier_delay: 'carrier_delay',
  exception: null,
  lost_or_damaged: null,
  tracking_error: null,
};

function isInternational(order: Order | undefined, homeCountry: string): boolean {
  const country = (order?.shipping_address?.countryCodeV2 ?? '').toUpperCase();
  return country !== '' && country !== homeCountry;
}

const sameSituation = (details: unknown, condition: Condition) => (details as { situation?: string } | null)?.situation === condition.situation;

// Runs the detection rules for one shipment inside the caller's transaction: conditions that no longer
// hold close their episode (a stall clears when the parcel moves), new ones open the next episode,
// and each new episode records its email (and a support alert) exactly once.
export async function evaluateShipment(trx: Tx, shipment: Shipment, now: Date, ctx: ChangeContext): Promise<void> {
  if (shipment.retired_at) return;
  const { config } = ctx;
  const order = await findOrderById(trx, shipment.order_id);
  const international = isInternational(order, config.SHOP_COUNTRY);
  const learned = shipment.carrier ? await findCarrierThreshold(trx, shipment.shop_id, shipment.carrier, international ? 'international' : 'domestic') : undefined;
  const conditions = activeConditions(
    {
      status: shipment.status as TrackingStatus,
      statusDetail: shipment.status_detail,
      trackingStartedAt: shipment.created_at,
      lastScanAt: shipment.last_scan_at,
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
    },
  );

  const open = await listOpenIssues(trx, shipment.id);
  const ended = open.filter((issue) => !conditions.some((c) => c.kind === issue.kind && sameSituation(issue.details, c)));
  await clearIssues(trx, ended.map((i) => i.id), now);

  for (const condition of conditions) {
    if (open.some((issue) => issue.kind === condition.kind && sameSituation(issue.details, condition))) continue;
    const issue = await openIssue(trx, { shopId: shipment.shop_id, shipmentId: shipment.id, kind: condition.kind, at: now, details: { situation: condition.situation, ...condition.details } });
    ctx.logger.info({ shipmentId: shipment.id, kind: issue.kind, episode: issue.episode }, 'shipment issue opened');
    const email = shopperEmail[issue.kind];
    if (order && email) await notifyShopper(trx, { shipment, order, kind: email, episode: issue.episode, issueId: issue.id, now }, ctx);
    if (ALERTED.has(issue.kind)) await notifySupport(trx, { shipment, order, kind: issue.kind, episode: issue.episode, issueId: issue.id, now }, ctx);
  }

  if (order && shipment.status === 'delivered') await notifyShopper(trx, { shipment, order, kind: 'delivered', episode: 1, now }, ctx);
  // A tracker EasyPost cannot follow (status error) has not shipped as far as the shopper can tell.
  if (order && shipment.status !== 'unknown' && shipment.status !== 'error') await notifyShopper(trx, { shipment, order, kind: 'shipped', episode: 1, now }, ctx);
}
