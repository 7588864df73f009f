import { addDays, dateFormat, localDay } from './calendar.ts';

// Times as a shopper reads them, on the pages and in the emails: in the shopper's language and the time
// zone of the address the parcel goes to (destinationTimeZone), so that "delivered at 00:30 on Monday"
// is the shopper's Monday whatever the server's or UTC's day is. `locale` is the BCP 47 tag given to
// Intl: the page's language ('da') or the email's regional variant ('en-GB' writes the day first).

export interface ShopperTime {
  // Compact, for timelines and the pages' sentences: "Nov 20, 2026, 10:30 AM".
  moment(at: Date): string;
  // In full, for the emails' sentences: "Friday, November 20, 2026 at 10:30 AM".
  fullMoment(at: Date): string;
  // In full with the zone's name, for a reader who may be elsewhere: "… at 12:30 AM GMT+1".
  fullMomentWithZone(at: Date): string;
  // "Saturday, November 21, 2026": the day a moment falls on in the zone, or a calendar day as a
  // carrier's estimate gives it ("2026-11-21"), which no zone moves.
  day(at: Date | string): string;
  // The day after the one `at` falls on in the zone: a parcel left at 23:30 in Copenhagen on the 19th
  // can be waited for until the end of the 20th, whatever UTC says.
  dayAfter(at: Date): string;
}

// The styles let each locale write a date its own way ("kl. 00.30", "at 12:30 AM"); a zone's name
// cannot be combined with them, so the variant with the zone spells out its parts.
const styles = {
  moment: { dateStyle: 'medium', timeStyle: 'short' },
  fullMoment: { dateStyle: 'full', timeStyle: 'short' },
  fullMomentWithZone: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  day: { dateStyle: 'full' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function shopperTime(locale: string, timeZone: string): ShopperTime {
  const inZone = (style: keyof typeof styles) => dateFormat(locale, { ...styles[style], timeZone });
  // A calendar day is written as midnight UTC, read back in UTC.
  const calendarDay = (day: string) => dateFormat(locale, { ...styles.day, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  return {
    moment: (at) => inZone('moment').format(at),
    fullMoment: (at) => inZone('fullMoment').format(at),
    fullMomentWithZone: (at) => inZone('fullMomentWithZone').format(at),
    day: (at) => (typeof at === 'string' ? calendarDay(at) : inZone('day').format(at)),
    dayAfter: (at) => calendarDay(addDays(localDay(at, timeZone), 1)),
  };
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

// How long ago (or until) a moment, as a shopper says it: "5 hours ago", "yesterday", "in 2 days".
export function timeAgo(at: Date, now: Date, locale: string): string {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const hours = Math.round((at.getTime() - now.getTime()) / 3_600_000);
  return Math.abs(hours) < 48 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}
