import { notificationsOfShipment } from '../../db/console.repository.ts';
import { issueDetails } from '../../db/detection.repository.ts';
import { relatedDisputes } from '../../db/disputes.repository.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { Address, DeliveryProof, Order, Place, RepeatFlag, Shipment } from '../../db/schema.ts';
import { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import { isSupportAlert } from '../../core/notification-kinds.ts';
import { normalizePostalCode } from '../../core/postal-address.ts';

// The evidence pack of a case: for a not-received case, what the carrier recorded at delivery set
// against the order's address; for a presumed-lost parcel, its silence (the last scan and place, the
// days without news, why it is presumed lost) and the emails the shopper has had about it; for both,
// the customer's history of cases. Assembled when the case opens and again whenever support looks at
// an open case (tracking may have moved on), and stored with the case.

export type PostalCheck = 'match' | 'mismatch' | 'unknown';

export interface PreviousCase {
  id: string;
  orderName: string;
  openedAt: string;
  source: string;
  state: string;
  resolution: string | null;
  matchedBy: Array<'customer' | 'email' | 'address'>;
}

export interface EvidencePack {
  assembledAt: string;
  order: { name: string; email: string | null; customerId: string | null; shippingAddress: Address | null; postalCode: string | null };
  parcel: {
    trackingCode: string;
    carrier: string | null;
    declaredCarrier: string | null;
    status: string;
    statusDetail: string | null;
    publicUrl: string | null;
    trackingUrl: string | null;
  } | null;
  delivery: {
    deliveredAt: string | null;
    place: Place | null;
    message: string | null;
    signedBy: string | null;
    proof: DeliveryProof | null;
    // The delivery scan's postal code (or, lacking one, its city) against the order's.
    postalCheck: { result: PostalCheck; order: string | null; scan: string | null; comparedBy: 'postal_code' | 'city' | null };
  } | null;
  // Counts are of claims (shopper reports and payment disputes); presumed-lost cases are listed, not counted.
  previousCases: { byCustomer: number; byEmail: number; byAddress: number; cases: PreviousCase[] };
  silence?: {
    reason: string | null;
    lastScanAt: string | null;
    place: Place | null;
    message: string | null;
    daysSilent: number;
    thresholdDays: number | null;
  } | null;
  parcelEmails?: Array<{ kind: string; state: string; at: string }>;
}

const normalizeText = (value: string | null | undefined) => (value ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

// Postal codes compare by their letters and digits; a US ZIP+4 matches its five-digit ZIP, and a
// shorter code a longer one it begins (carriers often scan only the outward part).
export function comparePostalCodes(orderCode: string | null | undefined, scanCode: string | null | undefined): PostalCheck {
  const a = normalizePostalCode(orderCode);
  const b = normalizePostalCode(scanCode);
  if (!a || !b) return 'unknown';
  if (a === b) return 'match';
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 3 && longer.startsWith(shorter) ? 'match' : 'mismatch';
}

function postalCheck(address: Address | null, orderPostal: string | null, scan: Place | null): NonNullable<EvidencePack['delivery']>['postalCheck'] {
  const orderCode = orderPostal ?? address?.zip ?? null;
  if (scan?.zip && orderCode) return { result: comparePostalCodes(orderCode, scan.zip), order: orderCode, scan: scan.zip, comparedBy: 'postal_code' };
  if (scan?.city && address?.city) {
    return { result: normalizeText(scan.city) === normalizeText(address.city) ? 'match' : 'mismatch', order: address.city, scan: scan.city, comparedBy: 'city' };
  }
  return { result: 'unknown', order: orderCode, scan: scan?.zip ?? scan?.city ?? null, comparedBy: null };
}

// Two addresses are the same when street line, postal code and country are, ignoring case and spacing.
export function addressKey(address: Address | null | undefined, postalCode?: string | null): string | null {
  const street = normalizeText(address?.address1);
  const postal = normalizePostalCode(postalCode ?? address?.zip);
  if (!street || !postal) return null;
  return [street, normalizeText(address?.address2), postal, normalizeText(address?.countryCodeV2 ?? address?.country)].join('|');
}

// Every case within the window that shares this order's customer, email or address — this order's
// own included — with what matched.
export async function casesLike(db: Db | Tx, order: Order, since: Date): Promise<Array<PreviousCase & { orderId: string }>> {
  const rows = await relatedDisputes(db, order.shop_id, { customerId: order.customer_id, email: order.email, postalCode: order.postal_code }, since);
  const key = addressKey(order.shipping_address, order.postal_code);
  const email = order.email?.trim().toLowerCase();
  return rows
    .map((row) => {
      const matchedBy: PreviousCase['matchedBy'] = [];
      if (order.customer_id && row.customerId === order.customer_id) matchedBy.push('customer');
      if (email && row.email?.trim().toLowerCase() === email) matchedBy.push('email');
      if (key && addressKey(row.shippingAddress, row.postalCode) === key) matchedBy.push('address');
      return {
        id: row.id,
        orderId: row.orderId,
        orderName: row.orderName,
        openedAt: new Date(row.openedAt).toISOString(),
        source: row.source,
        state: row.state,
        resolution: row.resolution,
        matchedBy,
      };
    })
    .filter((c) => c.matchedBy.length > 0);
}

function countBy(cases: PreviousCase[], subject: PreviousCase['matchedBy'][number]): number {
  return cases.filter((c) => c.source !== 'lost' && c.matchedBy.includes(subject)).length;
}

type Events = Awaited<ReturnType<typeof listTrackingEvents>>;

// How long a presumed-lost parcel has been silent, where it was last seen, and why it is presumed lost.
async function silenceOf(db: Db | Tx, shipment: Shipment, events: Events, issueId: string | null, now: Date): Promise<EvidencePack['silence']> {
  const details = (issueId ? await issueDetails(db, issueId) : null) as { reason?: string; thresholdDays?: number } | null;
  const lastScan = events.find((e) => e.occurred_at && e.status !== 'pre_transit');
  const since = shipment.last_scan_at ?? shipment.created_at;
  return {
    reason: details?.reason ?? null,
    lastScanAt: shipment.last_scan_at?.toISOString() ?? null,
    place: lastScan?.location ?? null,
    message: lastScan?.message ?? null,
    daysSilent: Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000)),
    thresholdDays: details?.thresholdDays ?? null,
  };
}

async function parcelEmailsOf(db: Db | Tx, shipment: Shipment) {
  const emails = await notificationsOfShipment(db, shipment.shop_id, shipment.id);
  return emails
    .filter((n) => !isSupportAlert(n.kind))
    .reverse()
    .map((n) => ({ kind: n.kind, state: n.suppressed_reason ? `${n.state} (${n.suppressed_reason})` : n.state, at: (n.sent_at ?? n.created_at).toISOString() }));
}

export async function assembleEvidence(
  db: Db | Tx,
  target: { order: Order; shipment: Shipment | undefined; disputeId?: string; lost?: { issueId: string | null } },
  options: { now: Date; historyDays: number },
): Promise<EvidencePack> {
  const { order, shipment } = target;
  const since = new Date(options.now.getTime() - options.historyDays * 86_400_000);
  const previous = (await casesLike(db, order, since)).filter((c) => c.id !== target.disputeId);
  const events = shipment ? await listTrackingEvents(db, shipment.id) : [];
  const deliveryEvent = events.find((e) => e.status === 'delivered');
  const delivered = shipment && (shipment.status === 'delivered' || deliveryEvent);
  return {
    assembledAt: options.now.toISOString(),
    order: { name: order.name, email: order.email, customerId: order.customer_id, shippingAddress: order.shipping_address, postalCode: order.postal_code },
    parcel: shipment
      ? {
          trackingCode: shipment.tracking_code,
          carrier: shipment.carrier,
          declaredCarrier: shipment.declared_carrier,
          status: shipment.status,
          statusDetail: shipment.status_detail,
          publicUrl: shipment.public_url,
          trackingUrl: shipment.tracking_url,
        }
      : null,
    delivery: delivered
      ? {
          deliveredAt: (shipment.delivered_at ?? deliveryEvent?.occurred_at)?.toISOString() ?? null,
          place: deliveryEvent?.location ?? null,
          message: deliveryEvent?.message ?? null,
          signedBy: shipment.signed_by,
          // Proof is the carrier's record of the delivery attempt; a service name alone is none.
          proof: shipment.delivery_proof?.initialDeliveryAttempt ? shipment.delivery_proof : null,
          postalCheck: postalCheck(order.shipping_address, order.postal_code, deliveryEvent?.location ?? null),
        }
      : null,
    previousCases: { byCustomer: countBy(previous, 'customer'), byEmail: countBy(previous, 'email'), byAddress: countBy(previous, 'address'), cases: previous },
    ...(target.lost && shipment
      ? { silence: await silenceOf(db, shipment, events, target.lost.issueId, options.now), parcelEmails: await parcelEmailsOf(db, shipment) }
      : {}),
  };
}

// N cases (this one included) by the same customer, email or address within the window flag the case
// for a person to review. Nothing is ever blocked automatically.
export function repeatClaimFlag(pack: EvidencePack, settings: { threshold: number; windowDays: number }): RepeatFlag | null {
  const counts = { byCustomer: pack.previousCases.byCustomer + 1, byEmail: pack.previousCases.byEmail + 1, byAddress: pack.previousCases.byAddress + 1 };
  const hasSubject = { byCustomer: Boolean(pack.order.customerId), byEmail: Boolean(pack.order.email), byAddress: addressKey(pack.order.shippingAddress, pack.order.postalCode) !== null };
  const reached = (Object.keys(counts) as Array<keyof typeof counts>).some((k) => hasSubject[k] && counts[k] >= settings.threshold);
  if (!reached) return null;
  return {
    windowDays: settings.windowDays,
    threshold: settings.threshold,
    byCustomer: hasSubject.byCustomer ? counts.byCustomer : 0,
    byEmail: hasSubject.byEmail ? counts.byEmail : 0,
    byAddress: hasSubject.byAddress ? counts.byAddress : 0,
  };
}

