import type { Order } from '../../db/schema.ts';
import type { Language } from '../../emails/i18n/locale.ts';
import { timeZoneFor } from '../../emails/time-zones.ts';

// Times on the shopper's pages: in the shopper's language and the time zone of the address the parcel
// goes to, whatever the server's or UTC's day is.

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(locale, options)));
  return found;
}

export function destinationTimeZone(order: Order): string {
  return timeZoneFor(order.shipping_address?.countryCodeV2 ?? null, order.shipping_address?.provinceCode ?? null);
}

// A moment: "20 Nov 2026, 10:30".
export function momentText(order: Order, locale: Language, at: Date): string {
  return format(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: destinationTimeZone(order) }).format(at);
}

// A calendar day ("2026-11-21", as the carrier's estimate gives it): "Saturday, 21 November 2026".
export function dayText(locale: Language, day: string): string {
  return format(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

// The calendar day after `at` where the parcel was left (a parcel left at 23:30 in Copenhagen on the
// 19th can be waited for until the end of the 20th, whatever UTC says).
export function dayAfterText(order: Order, locale: Language, at: Date): string {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: destinationTimeZone(order), year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return dayText(locale, new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10));
}
