import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// The process's Prometheus metrics. Counters are incremented where things happen (HTTP, jobs, carrier
// calls, emails); gauges about stored data are read from the database when scraped (metrics.routes.ts).

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'whereabouts_process_' });

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
