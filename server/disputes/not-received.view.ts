import type { LookupEvent } from '../../db/lookup.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import type { Language } from '../../core/language.ts';
import { placeText } from '../../core/place.ts';
import { destinationTimeZone } from '../../core/time/destination-zone.ts';
import { shopperTime } from '../../core/time/shopper-time.ts';
import { fill, pageWords } from '../views/words/page-words.ts';

// What the report page says about a delivered parcel, in the shopper's language and the destination's
// time zone: when and where it was left, who signed, and which day "the end of the next day" is.

// Under this, a parcel marked delivered may well still turn up: the page leads with "wait a little".
export const RECENT_DELIVERY_HOURS = 36;

export function deliveredParcelModel(order: Order, shipment: Shipment, events: LookupEvent[], locale: Language, now: Date) {
  const t = pageWords[locale].cases;
  const time = shopperTime(locale, destinationTimeZone(order.shipping_address));
  const delivery = events.find((e) => e.status === 'delivered');
  const deliveredAt = shipment.delivered_at ?? delivery?.occurred_at ?? null;
  const waitUntil = time.dayAfter(deliveredAt ?? now);
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
    deliveredText: deliveredAt ? time.moment(deliveredAt) : null,
    deliveredIso: deliveredAt?.toISOString() ?? null,
    place: placeText(delivery?.location),
    signedBy: shipment.signed_by,
    recent,
    waitText: recent ? fill(t.waitRecent, { date: waitUntil }) : null,
    tips,
  };
}
