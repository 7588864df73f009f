import type { Queue, WorkOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Config } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from './queue.ts';

export interface JobContext {
  db: Db;
  config: Config;
  logger: Logger;
  queue: JobQueue;
}

export interface JobRun {
  id: string;
  retryCount: number;
  // Aborted when the job expires or the worker stops; long handlers pass it to their I/O.
  signal: AbortSignal;
}

// A job is a typed definition: its payload schema (ids only; the handler re-reads current state), the
// queue's retry/backoff policy, how workers fetch it, an optional schedule, and the handler.
export interface JobDefinition<P extends object> {
  name: string;
  payload: z.ZodType<P>;
  queue: Omit<Queue, 'name'>;
  work?: Pick<WorkOptions, 'batchSize' | 'localConcurrency' | 'pollingIntervalSeconds'>;
  schedule?: { cron: string; payload: P };
  run(payload: P, context: JobContext, job: JobRun): Promise<void>;
}

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
