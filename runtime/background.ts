import { Worker } from 'node:worker_threads';
import type { FastTime } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

// What `npm start` hands its background thread: the configuration as the process settled it (the demo
// fills in its sandboxes), the database to connect to, the shop, and the demo's clock.
export interface BackgroundSettings {
  config: Config;
  connectionString: string;
  kind: 'postgres' | 'embedded';
  shopId: string;
  demoTime?: FastTime;
}

export type BackgroundMessage = { ready: true } | { metrics: MetricObjectWithValues<MetricValue<string>>[]; id: number };

export interface Background {
  // Resolves once the workers run and the email templates compiled; rejects if they could not start.
  ready: Promise<void>;
  // Settles if the thread ends without being asked to: the process must then stop.
  died: Promise<Error>;
  // The thread's own metrics (jobs, emails, carrier calls), for /metrics to add to the web's.
  metrics(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  stop(): Promise<void>;
}

// `npm start` runs the jobs (tracking, rules, emails, Shopify) in a worker thread of their own, with
// their own database connections: a peak of background work never holds up the event loop or the
// connections that answer shoppers and webhooks, and the two use both cores.
export function startBackground(settings: BackgroundSettings, logger: Logger): Background {
  // A small young generation: the thread's garbage is collected sooner, which keeps the process's
  // memory near what one thread used (the thread is background work; a few more collections cost it little).
  const worker = new Worker(new URL('./background.thread.ts', import.meta.url), { workerData: settings, name: 'whereabouts-jobs', resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  let stopping = false;
  let gone = false;
  let onReady: () => void;
  let onFailed: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFailed = reject;
  });
  // Awaited once the web listens; a thread that fails before then is reported there, not as an
  // unhandled rejection.
  ready.catch(() => {});
  const asked = new Map<number, (metrics: MetricObjectWithValues<MetricValue<string>>[]) => void>();
  let nextId = 0;
  let stopped: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const died = new Promise<Error>((resolve) => {
    worker.on('error', (error) => {
      onFailed(error);
      if (!stopping) resolve(error);
    });
    worker.on('exit', (code) => {
      gone = true;
      stopped();
      // Scrapes still waiting get nothing from a thread that is gone.
      for (const answer of asked.values()) answer([]);
      asked.clear();
      const error = new Error(`the background thread ended (exit code ${code})`);
      onFailed(error);
      if (!stopping) resolve(error);
    });
  });
  worker.on('message', (message: BackgroundMessage) => {
    if ('ready' in message) onReady();
    if ('metrics' in message) {
      asked.get(message.id)?.(message.metrics);
      asked.delete(message.id);
    }
  });
  void died.then((error) => logger.fatal({ err: error }, 'background work stopped'));
  return {
    ready,
    died,
    metrics() {
      // A thread that is gone or stopping has no figures to add.
      if (stopping || gone) return Promise.resolve([]);
      const id = nextId++;
      return new Promise((resolve) => {
        asked.set(id, resolve);
        worker.postMessage({ metrics: id });
      });
    },
    async stop() {
      if (stopping) return done;
      stopping = true;
      worker.postMessage('stop');
      return done;
    },
  };
}
