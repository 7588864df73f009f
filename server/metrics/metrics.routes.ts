import { Router, type RequestHandler } from 'express';
import { Gauge } from 'prom-client';
import { countOpenDisputes, countShipmentsByStatus } from '../../db/shipments.repository.ts';
import type { AppServices } from '../app.ts';
import { routeOf } from '../request-logger.ts';
import { httpDuration, registry } from './metrics.ts';

// Times every request under its route pattern (not the raw path, which would explode the series).
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
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
    gauges.shipments.reset();
    for (const [status, count] of Object.entries(await countShipmentsByStatus(db, shopId))) gauges.shipments.set({ status }, count);
    gauges.disputes.set(await countOpenDisputes(db, shopId));
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
