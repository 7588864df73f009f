import { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import type { Db } from '../../db/database.ts';
import type { Notification, Order, Shipment } from '../../db/schema.ts';
import type { ActionNeeded } from '../../emails/action_needed/action_needed.ts';
import type { EmailBranding } from '../../emails/branding.ts';
import type { EmailKind, EmailPropsByKind } from '../../emails/kinds.ts';
import type { SupportAlertType } from '../../emails/support_alert/support_alert.ts';
import { timeZoneFor } from '../../emails/time-zones.ts';
import type { Config } from '../../core/config.ts';
import { parcelTrackingLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { addressCheckPath, addressToken, lookupPath, lookupToken, notReceivedPath, optOutPath, optOutToken } from '../../core/links.ts';
import { trackingNow } from '../../core/clock.ts';
import { findDispute } from '../../db/disputes.repository.ts';
import { issueDetails } from '../../db/detection.repository.ts';
import type { PostalAddress } from '../../emails/address_confirmation/postal-address.ts';
import { deliveryEstimateOf } from '../tracking/learned-estimate.ts';

// Turns a notification row, re-read with its shipment and order at send time, into the props of its
// email kind: what the shopper sees is the state now, not when the row was written.

export interface ComposedNotification<K extends EmailKind = EmailKind> {
  kind: K;
  props: EmailPropsByKind[K];
  unsubscribeUrl: string | null;
}

export interface ComposeSettings {
  config: Config;
  secretKey: string;
}

export function brandingFrom(config: Config): EmailBranding {
  return { shopName: config.SHOP_NAME ?? 'Whereabouts', supportEmail: config.SUPPORT_EMAIL ?? null, replyTo: config.SUPPORT_EMAIL ?? null, primaryColor: config.BRAND_COLOR ?? null, logoUrl: config.BRAND_LOGO_URL ?? null };
}


export async function composeNotification(db: Db, n: Notification, shipment: Shipment | undefined, order: Order | undefined, settings: ComposeSettings): Promise<ComposedNotification> {
  if (n.dispute_id) {
    if (!order) throw new Error(`notification ${n.id} has no order to describe`);
    return composeCaseEmail(db, n, shipment, order, settings);
  }
  const { config, secretKey } = settings;
  if (!shipment || !order) throw new Error(`notification ${n.id} has no shipment or order to describe`);
  const trackToken = lookupToken(secretKey, config, order.id);
  const trackingUrl = `${config.PUBLIC_URL}${lookupPath(trackToken)}`;
  const unsubscribeUrl = `${config.PUBLIC_URL}${optOutPath(optOutToken(secretKey, n.recipient))}`;
  const base = { ...orderProps(order, trackingUrl), carrier: shipment.carrier ?? shipment.declared_carrier, trackingCode: shipment.tracking_code };
  const events = await listTrackingEvents(db, shipment.id);
  const lastScan = events.find((e) => e.occurred_at && e.status !== 'pre_transit');
  const situation = await issueSituation(db, n.issue_id);

  if (n.kind.startsWith('alert:')) {
    const alert = n.kind.slice('alert:'.length) as SupportAlertType;
    const props: EmailPropsByKind['support_alert'] = {
      alert,
      orderName: order.name,
      customerEmail: order.email,
      carrier: base.carrier,
      trackingCode: shipment.tracking_code,
      trackingUrl: parcelTrackingLink(shipment) ?? trackingUrl,
      since: shipment.last_scan_at ?? shipment.created_at,
      detail: lastScan?.message ?? null,
      consoleUrl: `${config.PUBLIC_URL}/support/shipments/${shipment.id}`,
    };
    return { kind: 'support_alert', props, unsubscribeUrl: null };
  }
  // The carrier's date, else the one learned from the shop's recent deliveries (worded as such).
  const estimate = deliveryEstimateOf(shipment);
  switch (n.kind) {
    case 'shipped':
      return { kind: 'shipped', props: { ...base, estimatedDelivery: estimate?.at ?? null, estimateSource: estimate?.source ?? null }, unsubscribeUrl };
    case 'stalled':
    case 'late':
    case 'carrier_delay': {
      const days = shipment.last_scan_at ? Math.floor((trackingNow().getTime() - shipment.last_scan_at.getTime()) / 86_400_000) : null;
      const props: EmailPropsByKind['delayed'] = {
        ...base,
        reason: n.kind === 'carrier_delay' ? 'carrier' : n.kind,
        daysWithoutScan: days,
        expectedBy: estimate?.at ?? null,
        estimateSource: estimate?.source ?? null,
        lastScan: lastScan?.occurred_at ? { at: lastScan.occurred_at, place: placeText(lastScan.location), message: lastScan.message } : null,
        extraDays: 3,
      };
      return { kind: 'delayed', props, unsubscribeUrl };
    }
    case 'never_scanned':
      return { kind: 'never_scanned', props: { ...base, labelCreatedAt: events.at(-1)?.occurred_at ?? shipment.created_at, followUpDays: 2 }, unsubscribeUrl };
    case 'action_needed':
      return { kind: 'action_needed', props: { ...base, action: actionFor(situation, shipment, lastScan?.message ?? null, placeText(lastScan?.location)) }, unsubscribeUrl };
    case 'returning':
      return { kind: 'returning', props: { ...base, reason: lastScan?.message ?? null, nextStep: config.RETURN_NEXT_STEP }, unsubscribeUrl };
    case 'delivered': {
      const props: EmailPropsByKind['delivered'] = {
        ...base,
        deliveredAt: shipment.delivered_at ?? shipment.last_event_at ?? trackingNow(),
        place: placeText(events.find((e) => e.status === 'delivered')?.location),
        signedBy: shipment.signed_by,
        // The delivered email's "not received?" link: the parcel's own report page.
        notReceivedUrl: `${config.PUBLIC_URL}${notReceivedPath(trackToken, shipment.id)}`,
      };
      return { kind: 'delivered', props, unsubscribeUrl };
    }
    default:
      throw new Error(`no email for notification kind ${n.kind}`);
  }
}

// The emails of a not-received case; the case decides what they say.
async function composeCaseEmail(db: Db, n: Notification, shipment: Shipment | undefined, order: Order, { config, secretKey }: ComposeSettings): Promise<ComposedNotification> {
  const dispute = await findDispute(db, n.shop_id, n.dispute_id!);
  if (!dispute) throw new Error(`notification ${n.id} names a case that does not exist`);
  const address = order.shipping_address;
  const trackingUrl = `${config.PUBLIC_URL}${lookupPath(lookupToken(secretKey, config, order.id))}`;
  const unsubscribeUrl = null;
  const base = { ...orderProps(order, trackingUrl), carrier: shipment ? (shipment.carrier ?? shipment.declared_carrier) : null, trackingCode: shipment?.tracking_code ?? null };
  if (n.kind.startsWith('alert:')) {
    const props: EmailPropsByKind['support_alert'] = {
      alert: n.kind.slice('alert:'.length) as SupportAlertType,
      orderName: order.name,
      customerEmail: order.email,
      carrier: base.carrier,
      trackingCode: base.trackingCode,
      trackingUrl: shipment ? parcelTrackingLink(shipment) : null,
      since: dispute.opened_at,
      detail: n.kind === 'alert:address_wrong' ? dispute.address_correction : dispute.shopper_note,
      payment:
        dispute.source === 'payment'
          ? { kind: dispute.payment_kind, status: dispute.payment_status, evidenceDueBy: dispute.evidence_due_by, delivered: dispute.delivered_when_opened }
          : null,
      consoleUrl: `${config.PUBLIC_URL}/support/disputes/${dispute.id}`,
    };
    return { kind: 'support_alert', props, unsubscribeUrl };
  }
  switch (n.kind) {
    case 'dispute_received':
      return { kind: 'dispute_received', props: { ...base, reportedAt: dispute.opened_at, note: dispute.shopper_note, replyWithinDays: config.DISPUTE_REPLY_DAYS }, unsubscribeUrl };
    case 'address_confirmation': {
      const link = `${config.PUBLIC_URL}${addressCheckPath(addressToken(secretKey, config, dispute.id))}`;
      const props: EmailPropsByKind['address_confirmation'] = {
        ...base,
        address: postalAddressOf(address),
        confirmUrl: `${link}?answer=confirmed`,
        correctUrl: `${link}?answer=wrong`,
      };
      return { kind: 'address_confirmation', props, unsubscribeUrl };
    }
    case 'dispute_resolved':
      if (!dispute.resolution) throw new Error(`notification ${n.id}: the case is not resolved`);
      return { kind: 'dispute_resolved', props: { ...base, outcome: dispute.resolution, note: dispute.resolution_note }, unsubscribeUrl };
    default:
      throw new Error(`no email for case notification kind ${n.kind}`);
  }
}

function postalAddressOf(address: Order['shipping_address']): PostalAddress {
  return {
    name: address?.name,
    address1: address?.address1,
    address2: address?.address2,
    city: address?.city,
    province: address?.province,
    province_code: address?.provinceCode,
    zip: address?.zip,
    country: address?.country,
    country_code: address?.countryCodeV2,
  };
}


// What every shopper email says about the order.
function orderProps(order: Order, trackingUrl: string) {
  const address = order.shipping_address;
  return {
    orderName: order.name,
    firstName: address?.name?.trim().split(/\s+/)[0] ?? null,
    trackingUrl,
    timeZone: timeZoneFor(address?.countryCodeV2 ?? null, address?.provinceCode ?? null),
  };
}

async function issueSituation(db: Db, issueId: string | null): Promise<string | null> {
  if (!issueId) return null;
  const details = await issueDetails(db, issueId);
  return (details as { situation?: string } | null)?.situation ?? null;
}

function actionFor(situation: string | null, shipment: Shipment, carrierMessage: string | null, place: string | null): ActionNeeded {
  if (situation === 'pickup' || shipment.status === 'available_for_pickup') {
    // Where to collect it, as the carrier put it; failing that, the carrier's name, which reads the same in every language.
    return { type: 'pickup', place: place ?? carrierMessage ?? shipment.carrier ?? shipment.declared_carrier ?? shipment.tracking_code };
  }
  if (situation === 'address_correction') return { type: 'address_problem', carrierMessage };
  return { type: 'failed_attempt', attemptedAt: shipment.last_scan_at };
}
