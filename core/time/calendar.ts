// Calendar days ("2026-11-21") and the zones they are counted in. A Date is a moment; the day it falls
// on depends on where it is read (23:30 UTC on the 19th is already the 20th in Copenhagen), so every
// "today" and "the day after" is worked out here, in the zone it belongs to, never in the server's.

// Intl constructors cost far more than a format call; a process sees few locale × zone × style sets.
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(locale, options)));
  return found;
}

// An IANA zone this runtime knows ('Europe/Copenhagen', 'UTC'); Intl refuses the others.
export function isTimeZone(zone: string): boolean {
  try {
    dateFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The calendar day a moment falls on in a zone, as "2026-11-20". The parts are put together by hand
// rather than trusting one locale's pattern to stay year-month-day across ICU releases.
export function localDay(at: Date, timeZone: string): string {
  const parts = dateFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// Counting days on the calendar, not in 24-hour steps: a day with a daylight-saving change still
// moves the date by one.
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

// "2026-11-29" is a day; "2027-02-30" and "29.11.2026" are not, nor is any day of year 0, which
// PostgreSQL's calendar does not have (1 BC is followed by AD 1): a query with it would fail.
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith('0000')) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(text);
}
