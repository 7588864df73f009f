// Timestamps as Shopify writes them: GraphQL DateTime in UTC with whole seconds, REST bodies in the
// shop's time zone with an offset.

const SECOND = 1000;

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function parseTimestamp(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`not a date-time: ${JSON.stringify(value)}`);
  return ms;
}

// The shop's UTC offset in REST bodies (Shopify writes local time, e.g. "2025-04-02T11:38:15-05:00").
const REST_OFFSET_MINUTES = -300;

export function restTimestamp(value: string | null): string | null {
  if (value === null) return null;
  const local = new Date(parseTimestamp(value) + REST_OFFSET_MINUTES * 60_000).toISOString().replace('.000Z', 'Z');
  const sign = REST_OFFSET_MINUTES < 0 ? '-' : '+';
  const offset = Math.abs(REST_OFFSET_MINUTES);
  const hhmm = `${String(Math.floor(offset / 60)).padStart(2, '0')}:${String(offset % 60).padStart(2, '0')}`;
  return local.replace('Z', `${sign}${hhmm}`);
}

// Hands out "now" for changes, never the same instant twice and never going back: a cursor over
// updatedAt then cannot skip a change that lands in the same second as the last one it saw.
// Whole seconds as long as the wall clock allows; one millisecond later than the last stamp otherwise.
export class ChangeStamps {
  #last = 0;

  observe(value: string): void {
    this.#last = Math.max(this.#last, parseTimestamp(value));
  }

  next(): string {
    const wholeSecond = Math.floor(Date.now() / SECOND) * SECOND;
    this.#last = Math.max(wholeSecond, this.#last + 1);
    return formatDateTime(this.#last);
  }
}
