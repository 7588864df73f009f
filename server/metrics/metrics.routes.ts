import { Router, type RequestHandler } from 'express';
import { Gauge } from 'prom-client';
import { sql } from 'kysely';
import type { AppServices } from '../app.ts';
import { httpDuration, registry } from './metrics.ts';

// Times every request under its route pattern (not the raw path, which would explode the series).
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

let dataGauges: { shipments: Gauge<'status'>; disputes: Gauge } | undefined;

// GET /metrics: Prometheus text format, with what the database says now about shipments and disputes.
export function metricsRoutes({ db, shopId }: AppServices): Router {
  dataGauges ??= {
    shipments: new Gauge({ name: 'whereabouts_shipments', help: 'Tracked shipments by status', labelNames: ['status'], registers: [registry] }),
    disputes: new Gauge({ name: 'whereabouts_open_disputes', help: 'Delivered-but-not-received cases still open', registers: [registry] }),
  };
  const gauges = dataGauges;
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const { rows } = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from shipments where shop_id = ${shopId} and retired_at is null group by status`.execute(db);
    gauges.shipments.reset();
    for (const row of rows) gauges.shipments.set({ status: row.status }, Number(row.n));
    const open = await sql<{ n: number }>`select count(*)::int as n from disputes where shop_id = ${shopId} and state = 'open'`.execute(db);
    gauges.disputes.set(Number(open.rows[0]?.n ?? 0));
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
