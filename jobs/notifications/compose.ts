import { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import type { Db } from '../../db/database.ts';
import type { Notification, Order, Place, Shipment } from '../../db/schema.ts';
import type { ActionNeeded } from '../../emails/action_needed/action_needed.ts';
import type { EmailBranding } from '../../emails/branding.ts';
import type { EmailKind, EmailPropsByKind } from '../../emails/kinds.ts';
import type { SupportAlertType } from '../../emails/support_alert/support_alert.ts';
import { timeZoneFor } from '../../emails/time-zones.ts';
import type { Config } from '../../server/config.ts';
import { OPT_OUT_SECONDS, optOutPath } from '../../server/notifications/opt-out.routes.ts';
import { signLink } from '../../server/signed-links.ts';
import { trackingNow } from '../tracking/tracking-clock.ts';

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

const placeText = (p: Place | null | undefined) => (p ? [p.city, p.state, p.country].filter(Boolean).join(', ') || null : null);

export async function composeNotification(db: Db, n: Notification, shipment: Shipment | undefined, order: Order | undefined, { config, secretKey }: ComposeSettings): Promise<ComposedNotification> {
  if (!shipment || !order) throw new Error(`notification ${n.id} has no shipment or order to describe`);
  const trackingUrl = `${config.PUBLIC_URL}/track/${signLink(secretKey, 'track', { o: order.id }, config.LOOKUP_LINK_DAYS * 86_400)}`;
  const unsubscribeUrl = `${config.PUBLIC_URL}${optOutPath(signLink(secretKey, 'opt_out', { e: n.recipient }, OPT_OUT_SECONDS))}`;
  const address = order.shipping_address;
  const base = {
    orderName: order.name,
    firstName: address?.name?.trim().split(/\s+/)[0] ?? null,
    carrier: shipment.carrier ?? shipment.declared_carrier,
    trackingCode: shipment.tracking_code,
    trackingUrl,
    timeZone: timeZoneFor(address?.countryCodeV2 ?? null, address?.provinceCode ?? null),
  };
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
      trackingUrl: shipment.public_url ?? shipment.tracking_url ?? trackingUrl,
      since: shipment.last_scan_at ?? shipment.created_at,
      detail: lastScan?.message ?? null,
      consoleUrl: `${config.PUBLIC_URL}/support/shipments/${shipment.id}`,
    };
    return { kind: 'support_alert', props, unsubscribeUrl: null };
  }
  switch (n.kind) {
    case 'shipped':
      return { kind: 'shipped', props: { ...base, estimatedDelivery: shipment.est_delivery_at }, unsubscribeUrl };
    case 'stalled':
    case 'late': {
      const days = shipment.last_scan_at ? Math.floor((trackingNow().getTime() - shipment.last_scan_at.getTime()) / 86_400_000) : null;
      const props: EmailPropsByKind['delayed'] = {
        ...base,
        reason: n.kind,
        daysWithoutScan: days,
        expectedBy: shipment.est_delivery_at,
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
        notReceivedUrl: `${trackingUrl}#not-received`,
      };
      return { kind: 'delivered', props, unsubscribeUrl };
    }
    default:
      throw new Error(`no email for notification kind ${n.kind}`);
  }
}

async function issueSituation(db: Db, issueId: string | null): Promise<string | null> {
  if (!issueId) return null;
  const issue = await db.selectFrom('shipment_issues').select('details').where('id', '=', issueId).executeTakeFirst();
  return (issue?.details as { situation?: string } | null)?.situation ?? null;
}

function actionFor(situation: string | null, shipment: Shipment, carrierMessage: string | null, place: string | null): ActionNeeded {
  if (situation === 'pickup' || shipment.status === 'available_for_pickup') {
    // Where to collect it, as the carrier put it; failing that, the carrier's name, which reads the same in every language.
    return { type: 'pickup', place: place ?? carrierMessage ?? shipment.carrier ?? shipment.declared_carrier ?? shipment.tracking_code };
  }
  if (situation === 'address_correction') return { type: 'address_problem', carrierMessage };
  return { type: 'failed_attempt', attemptedAt: shipment.last_scan_at };
}
