import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { AggregatorRegistry, Gauge } from 'prom-client';
import { countJobBacklog } from '../../db/job-backlog.repository.ts';
import { countOpenDisputes, countShipmentsByStatus } from '../../db/shipments.repository.ts';
import type { AppServices } from '../services.ts';
import { isLoopback } from '../../core/ip.ts';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import { routeOf } from '../request-logger.ts';
import { httpDuration, registry } from '../../core/metrics.ts';

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

const digest = (value: string) => createHash('sha256').update(value).digest();

// Metrics describe the shop's business (shipments, disputes, emails): with METRICS_TOKEN set, only a
// scraper that sends it as a bearer token gets them. Without it, in production nobody does: a
// same-host proxy that adds no forwarding header (a TCP proxy, an SSH tunnel) makes any caller look
// like this machine. Elsewhere (the demo, whatever NODE_ENV, and development) a caller on this machine that came through no
// proxy does (a forwarded request may be anyone's, whatever address it arrives from).
function metricsAccess(config: Pick<Config, 'METRICS_TOKEN' | 'NODE_ENV'>, demo: boolean): RequestHandler {
  const expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : undefined;
  return (req, _res, next) => {
    if (expected) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (timingSafeEqual(digest(given), expected)) return next();
      return next(new AppError('unauthorized', 'Send METRICS_TOKEN as a bearer token.', { headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } }));
    }
    if (config.NODE_ENV === 'production' && !demo) return next(new AppError('forbidden', 'Metrics need METRICS_TOKEN in production; set it and send it as a bearer token.'));
    const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((header) => req.get(header) !== undefined);
    if (!forwarded && isLoopback(req.socket.remoteAddress)) return next();
    next(new AppError('forbidden', 'Metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere.'));
  };
}

let dataGauges: { shipments: Gauge<'status'>; disputes: Gauge; jobs: Gauge<'queue' | 'state'> } | undefined;

// GET /metrics: Prometheus text format, with what the database says about shipments, disputes and the
// job queue's backlog, counted at most every METRICS_GAUGE_SECONDS however often it is scraped (scrapes
// at once share one count).
export function metricsRoutes({ db, shopId, config, background, demo }: AppServices): Router {
  dataGauges ??= {
    shipments: new Gauge({ name: 'whereabouts_shipments', help: 'Tracked shipments by status', labelNames: ['status'], registers: [registry] }),
    disputes: new Gauge({ name: 'whereabouts_open_disputes', help: 'Delivered-but-not-received cases still open', registers: [registry] }),
    jobs: new Gauge({
      name: 'whereabouts_job_backlog',
      help: 'Jobs by queue and state: queued (due, waiting for a worker) or active (being worked on)',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
  };
  const gauges = dataGauges;
  let countedAt = -Infinity;
  let counting: Promise<void> | undefined;
  const count = async () => {
    const byStatus = await countShipmentsByStatus(db, shopId);
    const disputes = await countOpenDisputes(db, shopId);
    const backlog = await countJobBacklog(db);
    gauges.shipments.reset();
    for (const [status, n] of Object.entries(byStatus)) gauges.shipments.set({ status }, n);
    gauges.disputes.set(disputes);
    gauges.jobs.reset();
    for (const { queue, queued, active } of backlog) {
      gauges.jobs.set({ queue, state: 'queued' }, queued);
      gauges.jobs.set({ queue, state: 'active' }, active);
    }
    countedAt = performance.now();
  };
  const router = Router();
  router.get('/metrics', metricsAccess(config, demo === true), async (_req, res) => {
    if (performance.now() - countedAt >= config.METRICS_GAUGE_SECONDS * 1000) {
      counting ??= count().finally(() => (counting = undefined));
      await counting;
    }
    // With npm start's background thread, its counters (jobs, emails, carrier calls) are added in.
    const merged = background ? AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), await background.metrics()]) : registry;
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(await merged.metrics());
  });
  return router;
}
