import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { addDays, isCalendarDay, localDay } from '../../core/time/calendar.ts';

// The analytics page's query string: a period (the last 7, 30 or 90 days, or two dates) and optional
// filters. Dates are the shop's local calendar days, both included.

export const PERIODS = [7, 30, 90] as const;
const MAX_DAYS = 366;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-29').refine(isCalendarDay, 'is not a calendar date');
const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);
const fieldNames: Record<string, string> = { period: 'period', from: 'start date', to: 'end date', carrier: 'carrier', service: 'service', scope: 'destination', country: 'country' };

const querySchema = z.object({
  period: z.enum(['7', '30', '90', 'dates']).optional(),
  from: z.preprocess(blankAsMissing, date.optional()),
  to: z.preprocess(blankAsMissing, date.optional()),
  carrier: optionalText,
  // A service may be '' (the carrier named none): "-" stands for that in the query string.
  service: optionalText,
  scope: z.enum(['domestic', 'international', '']).optional().transform((v) => (v === '' ? undefined : v)),
  country: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{2})?$/, 'must be a two-letter country code')
    .optional()
    .transform((v) => (v ? v.toUpperCase() : undefined)),
});

export interface AnalyticsQuery {
  period: '7' | '30' | '90' | 'dates';
  from: string;
  to: string;
  carrier?: string;
  service?: string;
  scope?: 'domestic' | 'international';
  country?: string;
}

export function parseAnalyticsQuery(query: unknown, now: Date, timeZone: string): AnalyticsQuery {
  const parsed = querySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldNames[String(issue.path[0])] ?? 'query';
    throw new AppError('bad_request', `The ${field} ${issue.code === 'invalid_value' ? 'must be one of the choices offered' : issue.message}.`);
  }
  const q = parsed.data;
  const today = localDay(now, timeZone);
  const filters = { carrier: q.carrier, service: q.service === '-' ? '' : q.service, scope: q.scope, country: q.country };
  if (q.period === 'dates' || (!q.period && (q.from || q.to))) {
    const from = q.from ?? q.to ?? addDays(today, -29);
    const to = q.to ?? today;
    if (from > to) throw new AppError('bad_request', 'The period starts after it ends: pick a "from" date on or before the "to" date.');
    if (addDays(from, MAX_DAYS - 1) < to) throw new AppError('bad_request', `A period covers at most ${MAX_DAYS} days.`);
    return { period: 'dates', from, to, ...filters };
  }
  const days = Number(q.period ?? '30');
  return { period: String(days) as AnalyticsQuery['period'], from: addDays(today, -(days - 1)), to: today, ...filters };
}

// The same period and filters as a query string (for the CSV links and the period links).
export function queryString(q: AnalyticsQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q.period === 'dates') {
    params.set('from', q.from);
    params.set('to', q.to);
  } else params.set('period', q.period);
  if (q.carrier) params.set('carrier', q.carrier);
  if (q.service !== undefined) params.set('service', q.service === '' ? '-' : q.service);
  if (q.scope) params.set('scope', q.scope);
  if (q.country) params.set('country', q.country);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
