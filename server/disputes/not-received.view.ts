import type { LookupEvent } from '../../db/lookup.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import { timeZoneFor } from '../../emails/time-zones.ts';
import { placeText } from '../../core/place.ts';
import type { LookupLocale } from '../lookup/lookup.i18n.ts';
import { disputeText, fill } from './disputes.i18n.ts';

// What the report page says about a delivered parcel, in the shopper's language and the destination's
// time zone: when and where it was left, who signed, and which day "the end of the next day" is.

// Under this, a parcel marked delivered may well still turn up: the page leads with "wait a little".
export const RECENT_DELIVERY_HOURS = 36;

function destinationZone(order: Order): string {
  return timeZoneFor(order.shipping_address?.countryCodeV2 ?? null, order.shipping_address?.provinceCode ?? null);
}

export function formatMoment(order: Order, locale: LookupLocale, at: Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: destinationZone(order) }).format(at);
}

// The calendar day after `at` where the parcel was left (a parcel left at 23:30 in Copenhagen on the
// 19th can be waited for until the end of the 20th, whatever UTC says).
export function dayAfter(order: Order, locale: LookupLocale, at: Date): string {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: destinationZone(order), year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day + 1)));
}

export function deliveredParcelModel(order: Order, shipment: Shipment, events: LookupEvent[], locale: LookupLocale, now: Date) {
  const t = disputeText[locale];
  const delivery = events.find((e) => e.status === 'delivered');
  const deliveredAt = shipment.delivered_at ?? delivery?.occurred_at ?? null;
  const waitUntil = dayAfter(order, locale, deliveredAt ?? now);
  const recent = !deliveredAt || now.getTime() - deliveredAt.getTime() < RECENT_DELIVERY_HOURS * 3_600_000;
  const tips = [
    ...(recent ? [] : [fill(t.tipEarly, { date: waitUntil })]),
    ...(shipment.signed_by ? [fill(t.tipSigned, { name: shipment.signed_by })] : []),
    t.tipNeighbours,
    t.tipSafePlace,
    t.tipMailroom,
    t.tipLocker,
  ];
  return {
    carrier: shipment.carrier ?? shipment.declared_carrier,
    trackingCode: shipment.tracking_code,
    deliveredText: deliveredAt ? formatMoment(order, locale, deliveredAt) : null,
    deliveredIso: deliveredAt?.toISOString() ?? null,
    place: placeText(delivery?.location),
    signedBy: shipment.signed_by,
    recent,
    waitText: recent ? fill(t.waitRecent, { date: waitUntil }) : null,
    tips,
  };
}
