import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// The process's Prometheus metrics. Counters are incremented where things happen (HTTP, jobs, carrier
// calls, emails); gauges about stored data are read from the database when scraped (metrics.routes.ts).

// A background thread (runtime/background.ts) counts its own jobs, emails and calls, which /metrics
// adds to the main thread's; the process and its event loop are described once, by the main thread.
export const registry = new Registry();
if (isMainThread) collectDefaultMetrics({ register: registry, prefix: 'whereabouts_process_' });

export const httpDuration = new Histogram({
  name: 'whereabouts_http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const jobsProcessed = new Counter({
  name: 'whereabouts_jobs_processed_total',
  help: 'Jobs run, by name and outcome (completed or failed)',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

export const carrierCalls = new Counter({
  name: 'whereabouts_easypost_calls_total',
  help: 'EasyPost requests by operation and HTTP status (or the failure kind when there was no answer)',
  labelNames: ['operation', 'status'] as const,
  registers: [registry],
});

export const shopifyProtectedDataRefused = new Counter({
  name: 'whereabouts_shopify_protected_data_refused_total',
  help: 'Orders read from Shopify without the protected customer data the app is not approved for, by field',
  labelNames: ['field'] as const,
  registers: [registry],
});

export const emailsHandled = new Counter({
  name: 'whereabouts_emails_total',
  help: 'Emails by kind and outcome: sent, failed, suppressed',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

// How late the event loop runs: a timer due every 10 ms is measured, and what exceeds the 10 ms is the
// delay, by percentile since the previous scrape. (prom-client's own nodejs_eventloop_lag_p*_seconds
// report the whole interval, so an idle process shows 10 ms.) Everything in the process waits this
// long: an HTTP answer, a webhook's acknowledgement, a job's next query.
const LOOP_RESOLUTION_MS = 10;
const beyondResolution = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) / 1000;
if (isMainThread) measureEventLoopDelay();

function measureEventLoopDelay(): void {
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  new Gauge({
    name: 'whereabouts_event_loop_delay_seconds',
    help: 'How late the event loop ran, at the 50th and 99th percentile and at most (quantile 1), since the previous scrape',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      const sampled = loopDelay.count > 0;
      this.set({ quantile: '0.5' }, sampled ? beyondResolution(loopDelay.percentile(50)) : 0);
      this.set({ quantile: '0.99' }, sampled ? beyondResolution(loopDelay.percentile(99)) : 0);
      this.set({ quantile: '1' }, sampled ? beyondResolution(loopDelay.max) : 0);
      loopDelay.reset();
    },
  });
}
