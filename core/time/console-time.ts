import { dateFormat } from './calendar.ts';

// Times as the support console, the outbox and the payment-dispute evidence write them: in the shop's
// own zone (SHOP_TIME_ZONE), where its staff work, with that zone's short name, so that nobody takes
// it for the shopper's clock or for UTC: "8 Dec 2026, 09:48 PST". One text on every page, so a time
// read on one page can be found on another.

export type Moment = Date | string | null | undefined;

// A moment for a <time> element: machine-readable (`at`, ISO 8601) and as staff read it (`text`).
export interface ConsoleStamp {
  at: string;
  text: string;
}

export interface ConsoleTime {
  text(moment: Moment): string | null;
  stamp(moment: Moment): ConsoleStamp | null;
}

// Each English locale's data knows the abbreviations its own readers use (en-GB: CET, BST; en-US: PST,
// EST; en-AU: AEST; en-IN: IST). Where none has one, the offset ("GMT+8") beats an invented name.
const zoneNameLocales = ['en-GB', 'en-US', 'en-AU', 'en-IN'];
const isOffset = (name: string) => /^GMT[+-]/.test(name);

function zoneName(at: Date, timeZone: string): string {
  let offset = '';
  for (const locale of zoneNameLocales) {
    const name = dateFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && !isOffset(name)) return name;
    offset ||= name ?? '';
  }
  return offset;
}

export function consoleTime(timeZone: string): ConsoleTime {
  // Day first and a 24-hour clock: no reader mistakes 8 Dec for 12 Aug, or 09:48 for the evening.
  const format = dateFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const text = (moment: Moment) => {
    if (!moment) return null;
    const at = new Date(moment);
    return `${format.format(at)} ${zoneName(at, timeZone)}`;
  };
  return {
    text,
    stamp: (moment) => (moment ? { at: new Date(moment).toISOString(), text: text(moment)! } : null),
  };
}
