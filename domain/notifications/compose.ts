import { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import type { Db } from '../../db/database.ts';
import type { Notification, Order, Shipment } from '../../db/schema.ts';
import type { ActionNeeded } from '../../emails/action_needed/action_needed.ts';
import type { EmailBranding } from '../../emails/branding.ts';
import { languageFor } from '../../core/language.ts';
import type { EmailPropsByKind } from '../../emails/kinds.ts';
import type { Config } from '../../core/config.ts';
import { alertOf, isDelayed } from '../../core/notification-kinds.ts';
import { parcelTrackingLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { lookupPath, lookupToken, notReceivedPath, optOutPath, optOutToken } from '../../core/links.ts';
import { trackingNow } from '../../core/clock.ts';
import { issueDetails } from '../../db/detection.repository.ts';
import { deliveryEstimateOf } from '../tracking/learned-estimate.ts';
import { lostAfterDays } from '../detection/scope.ts';
import { composeCaseEmail } from './compose-case.ts';
import { orderProps, type ComposedNotification, type ComposeSettings } from './compose-common.ts';

export type { ComposedNotification, ComposeSettings } from './compose-common.ts';

// Turns a notification row, re-read with its shipment and order at send time, into the props of its
// email kind: what the shopper sees is the state now, not when the row was written.

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
  const unsubscribeUrl = `${config.PUBLIC_URL}${optOutPath(optOutToken(secretKey, n.recipient, languageFor(n.locale)))}`;
  const base = { ...orderProps(order, trackingUrl), carrier: shipment.carrier ?? shipment.declared_carrier, trackingCode: shipment.tracking_code };
  const events = await listTrackingEvents(db, shipment.id);
  const lastScan = events.find((e) => e.occurred_at && e.status !== 'pre_transit');
  const situation = await issueSituation(db, n.issue_id);

  const alert = alertOf(n.kind);
  if (alert) {
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
  if (isDelayed(n.kind)) {
    const days = shipment.last_scan_at ? Math.floor((trackingNow().getTime() - shipment.last_scan_at.getTime()) / 86_400_000) : null;
    const props: EmailPropsByKind['delayed'] = {
      ...base,
      reason: n.kind === 'carrier_delay' ? 'carrier' : n.kind,
      daysWithoutScan: days,
      expectedBy: estimate?.at ?? null,
      estimateSource: estimate?.source ?? null,
      lastScan: lastScan?.occurred_at ? { at: lastScan.occurred_at, place: placeText(lastScan.location), message: lastScan.message } : null,
      // The promise the follow-up keeps: one setting for both.
      extraDays: config.STALL_FOLLOW_UP_DAYS,
      workingDays: config.STALL_BUSINESS_DAYS,
    };
    return { kind: 'delayed', props, unsubscribeUrl };
  }
  switch (n.kind) {
    case 'shipped':
      return { kind: 'shipped', props: { ...base, estimatedDelivery: estimate?.at ?? null, estimateSource: estimate?.source ?? null }, unsubscribeUrl };
    case 'follow_up': {
      const now = trackingNow();
      const lostAt = shipment.last_scan_at ? new Date(shipment.last_scan_at.getTime() + lostAfterDays(order, config) * 86_400_000) : null;
      const props: EmailPropsByKind['follow_up'] = {
        ...base,
        daysWithoutScan: shipment.last_scan_at ? Math.floor((now.getTime() - shipment.last_scan_at.getTime()) / 86_400_000) : null,
        lastScan: lastScan?.occurred_at ? { at: lastScan.occurred_at, place: placeText(lastScan.location) } : null,
        lostBy: lostAt && lostAt > now ? lostAt : null,
        nextStep: config.LOST_NEXT_STEP,
        replyWithinDays: config.DISPUTE_REPLY_DAYS,
      };
      return { kind: 'follow_up', props, unsubscribeUrl };
    }
    case 'parcel_found':
      return { kind: 'case_resolved', props: { ...base, source: 'lost', outcome: 'found' }, unsubscribeUrl };
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
