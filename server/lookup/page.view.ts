import type { Order } from '../../db/schema.ts';
import { timeZoneFor } from '../../emails/time-zones.ts';
import { placeText } from '../../core/place.ts';
import type { LookupLocale } from './lookup.i18n.ts';
import type { LookupAnswer } from './lookup.presenter.ts';
import { pageText } from './page.i18n.ts';

const STAGE_OF: Record<string, number> = {
  unknown: 1,
  pre_transit: 1,
  in_transit: 2,
  available_for_pickup: 3,
  out_for_delivery: 3,
  delivered: 4,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: LookupLocale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : { dateStyle: 'full', timeZone: 'UTC' });
    formatters.set(key, format);
  }
  return format;
}

// A moment as the page writes it: the shopper's language, the destination's time zone.
export function formatPageMoment(order: Order, locale: LookupLocale, at: Date): string {
  const timeZone = timeZoneFor(order.shipping_address?.countryCodeV2 ?? null, order.shipping_address?.provinceCode ?? null);
  return formatter(locale, timeZone, true).format(at);
}

// What the page shows per parcel: the API answer plus the progress stages and dates written in the
// shopper's language and the destination's time zone.
export function trackPageModel(answer: LookupAnswer, order: Order, locale: LookupLocale) {
  const timeZone = timeZoneFor(order.shipping_address?.countryCodeV2 ?? null, order.shipping_address?.provinceCode ?? null);
  const dateTime = formatter(locale, timeZone, true);
  const day = formatter(locale, timeZone, false);
  const stageLabels = pageText[locale].stages.split('|');
  return answer.shipments.map((s) => {
    const reached = STAGE_OF[s.status] ?? 2;
    const lastDelivery = s.timeline.find((e) => e.status === 'delivered');
    return {
      ...s,
      stages: stageLabels.map((label, i) => ({ label, done: i <= reached, current: i === reached })),
      estimatedDeliveryText: s.estimatedDelivery && s.status !== 'delivered' ? day.format(new Date(`${s.estimatedDelivery}T00:00:00Z`)) : null,
      deliveredText: s.deliveredAt ? dateTime.format(new Date(s.deliveredAt)) : null,
      deliveredPlace: lastDelivery?.place ?? null,
      destinationText: placeText(s.destination),
      timeline: s.timeline.map((e) => ({ ...e, when: e.at ? dateTime.format(new Date(e.at)) : '' })),
    };
  });
}
