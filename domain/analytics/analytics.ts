import { readAnalytics, type AnalyticsFilter } from '../../db/analytics.repository.ts';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../core/config.ts';
import type { AnalyticsQuery } from './analytics-query.ts';

// Everything the analytics page shows for one period and filter set, on the shop's calendar.
export async function loadAnalytics(db: Db, shopId: string, config: Config, query: AnalyticsQuery, now: Date) {
  const filter: AnalyticsFilter = {
    from: query.from,
    to: query.to,
    timeZone: config.SHOP_TIME_ZONE,
    homeCountry: config.SHOP_COUNTRY,
    carrier: query.carrier,
    service: query.service,
    scope: query.scope,
    country: query.country,
    neverScannedDays: config.NEVER_SCANNED_DAYS,
    now,
  };
  return { ...(await readAnalytics(db, shopId, filter)), neverScannedDays: config.NEVER_SCANNED_DAYS };
}

export type Analytics = Awaited<ReturnType<typeof loadAnalytics>>;
