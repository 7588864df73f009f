import { Router } from 'express';
import { trackingNow } from '../../core/clock.ts';
import { AppError } from '../../core/errors.ts';
import { localDay } from '../../core/time/calendar.ts';
import type { AppServices } from '../services.ts';
import { requireSupportUser } from '../support/auth.ts';
import { renderConsolePage } from '../support/pages.ts';
import { parseAnalyticsQuery, PERIODS, queryString } from '../../domain/analytics/analytics-query.ts';
import { loadAnalytics } from '../../domain/analytics/analytics.ts';
import { analyticsTables, toCsv } from './analytics.presenter.ts';

// GET /support/analytics: delivery analytics for agents and admins; GET /support/analytics.csv?table=…
// downloads one of its tables for the same period and filters.
export function analyticsRoutes({ db, shopId, config }: AppServices): Router {
  const router = Router();

  router.get('/support/analytics', requireSupportUser(), async (req, res) => {
    const now = trackingNow();
    const query = parseAnalyticsQuery(req.query, now, config.SHOP_TIME_ZONE);
    const analytics = await loadAnalytics(db, shopId, config, query, now);
    const tables = analyticsTables(analytics).map((t) => ({ ...t, csvHref: `/support/analytics.csv?${queryString(query, { table: t.key })}` }));
    renderConsolePage(req, res, {
      name: 'support-analytics',
      title: 'Analytics',
      data: {
        query,
        timeZone: config.SHOP_TIME_ZONE,
        today: localDay(now, config.SHOP_TIME_ZONE),
        periods: PERIODS.map((days) => ({ days, href: `/support/analytics?${queryString({ ...query, period: String(days) as '7' }, {})}`, current: query.period === String(days) })),
        choices: {
          carriers: analytics.choices.carriers.map((c) => ({ value: c, selected: c === query.carrier })),
          services: analytics.choices.services.map((s) => ({ value: s, selected: s === query.service })),
          countries: analytics.choices.countries.map((c) => ({ value: c, selected: c === query.country })),
          scopes: [
            { value: 'domestic', label: `Domestic (${config.SHOP_COUNTRY})`, selected: query.scope === 'domestic' },
            { value: 'international', label: 'International', selected: query.scope === 'international' },
          ],
        },
        tables,
      },
    });
  });

  router.get('/support/analytics.csv', requireSupportUser(), async (req, res) => {
    const now = trackingNow();
    const query = parseAnalyticsQuery({ ...req.query, table: undefined }, now, config.SHOP_TIME_ZONE);
    const table = analyticsTables(await loadAnalytics(db, shopId, config, query, now)).find((t) => t.key === req.query.table);
    if (!table) throw new AppError('not_found', 'There is no such table: ask for overview, daily, services, exceptions, cases or emails.');
    res
      .status(200)
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="whereabouts-${table.key}-${query.from}-${query.to}.csv"` })
      .type('text/csv; charset=utf-8')
      .send(toCsv(table));
  });

  return router;
}
