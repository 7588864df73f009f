import type { JobInsert, Queue, SendOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db, Tx } from '../db/database.ts';
import type { NotificationMailer } from '../domain/notifications/deliver.ts';
import type { ShopifyAdmin } from '../domain/shopify/admin-api.ts';
import type { TrackingApi } from '../domain/tracking/easypost.adapter.ts';

export interface JobContext {
  db: Db;
  config: Config;
  logger: Logger;
  queue: JobEnqueuer;
  // The deployment's shop.
  shopId: string;
  // The carrier API; absent when no EasyPost key is configured (tracking then waits).
  carrier: TrackingApi | undefined;
  // The Shopify Admin API; absent when no shop is configured.
  shopify: ShopifyAdmin | undefined;
  // Renders and sends emails (SMTP, or the dev outbox).
  mailer: NotificationMailer | undefined;
}

// What a handler or use case needs of the queue: sending jobs, inside the caller's transaction. It is
// declared here, not taken from queue.ts, because the queue runs the job definitions that use it.
export interface JobEnqueuer {
  enqueue<P extends object>(db: Db | Tx, job: JobDefinition<P>, payload: P, options?: SendOptions): Promise<string | null>;
  enqueueMany<P extends object>(db: Db | Tx, job: JobDefinition<P>, jobs: Array<Omit<JobInsert<P>, 'data'> & { data: P }>): Promise<void>;
}

export interface JobRun {
  id: string;
  retryCount: number;
  // Aborted when the job expires or the worker stops; long handlers pass it to their I/O.
  signal: AbortSignal;
}

export interface WorkSettings {
  // Jobs of this kind one process runs at once.
  concurrency: number;
  // Run each fetched batch one job after another (at most `concurrency` in flight, fetched in batches
  // so the worker does not wait out the polling interval between jobs).
  sequential?: boolean;
  pollingIntervalSeconds?: number;
}

// A job is a typed definition: its payload schema (ids only; the handler re-reads current state), the
// queue's retry/backoff policy, how many run at once, an optional schedule, and the handler.
export interface JobDefinition<P extends object> {
  name: string;
  payload: z.ZodType<P>;
  queue: Omit<Queue, 'name'>;
  work?: (config: Config) => WorkSettings;
  schedule?: { cron: string; payload: P };
  run(payload: P, context: JobContext, job: JobRun): Promise<void>;
}

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
