import {
  analyticsChoices,
  analyticsSummary,
  caseOutcomes,
  dailyCounts,
  deliveryTimesByService,
  emailCounts,
  issueStats,
  lookupStats,
  type AnalyticsFilter,
} from '../../db/analytics.repository.ts';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../core/config.ts';
import type { AnalyticsQuery } from './analytics-query.ts';

// Everything the analytics page shows for one period and filter set, read in parallel (each is one
// indexed aggregate over the same cohort of parcels).
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
  const [summary, services, days, issues, cases, emails, lookups, choices] = await Promise.all([
    analyticsSummary(db, shopId, filter),
    deliveryTimesByService(db, shopId, filter),
    dailyCounts(db, shopId, filter),
    issueStats(db, shopId, filter),
    caseOutcomes(db, shopId, filter),
    emailCounts(db, shopId, filter),
    lookupStats(db, shopId, filter),
    analyticsChoices(db, shopId, filter),
  ]);
  return { summary, services, days, issues, cases, emails, lookups, choices, neverScannedDays: config.NEVER_SCANNED_DAYS };
}

export type Analytics = Awaited<ReturnType<typeof loadAnalytics>>;
