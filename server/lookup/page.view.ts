import type { Order } from '../../db/schema.ts';
import type { Language } from '../../core/language.ts';
import { placeText } from '../../core/place.ts';
import { destinationTimeZone } from '../../core/time/destination-zone.ts';
import { shopperTime, type ShopperTime } from '../../core/time/shopper-time.ts';
import type { ReportLink } from '../../domain/lookup/report-links.ts';
import type { LookupAnswer } from './lookup.presenter.ts';
import { fill, pageWords } from '../views/words/page-words.ts';

const STAGE_OF: Record<string, number> = {
  unknown: 1,
  pre_transit: 1,
  in_transit: 2,
  available_for_pickup: 3,
  out_for_delivery: 3,
  delivered: 4,
};

// A delivered parcel's "I haven't received it" button, or, once reported, since when we are on it.
function reportView(link: ReportLink | undefined, locale: Language, time: ShopperTime) {
  if (!link) return null;
  if (!link.openSince) return { href: link.href, open: null };
  return { href: link.href, open: fill(pageWords[locale].lookup.reportOpen, { date: time.moment(link.openSince) }) };
}

// What the page shows per parcel: the API answer plus the progress stages and dates written in the
// shopper's language and the destination's time zone, and the delivered parcels' report links (by
// tracking code, as the page shows them).
export function trackPageModel(answer: LookupAnswer, order: Order, locale: Language, reportLinks: Map<string, ReportLink>) {
  const stageLabels = pageWords[locale].lookup.stages.split('|');
  const time = shopperTime(locale, destinationTimeZone(order.shipping_address));
  return answer.shipments.map((s) => {
    const reached = STAGE_OF[s.status] ?? 2;
    const lastDelivery = s.timeline.find((e) => e.status === 'delivered');
    return {
      ...s,
      stages: stageLabels.map((label, i) => ({ label, done: i <= reached, current: i === reached })),
      estimatedDeliveryText: s.estimatedDelivery && s.status !== 'delivered' ? time.day(s.estimatedDelivery) : null,
      usuallyText: s.usuallyArrivesBy && s.status !== 'delivered' ? time.day(s.usuallyArrivesBy) : null,
      deliveredText: s.deliveredAt ? time.moment(new Date(s.deliveredAt)) : null,
      deliveredPlace: lastDelivery?.place ?? null,
      destinationText: placeText(s.destination),
      timeline: s.timeline.map((e) => ({ ...e, when: e.at ? time.moment(new Date(e.at)) : '' })),
      report: reportView(reportLinks.get(s.trackingCode), locale, time),
    };
  });
}
