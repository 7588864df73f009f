import type { Queue } from 'pg-boss';
import type { Config } from '../core/config.ts';
import type { DomainContext } from '../domain/context.ts';
import type { WorkKind } from '../domain/work.ts';

// A handler gets the domain's context: the job door adds nothing of its own.
export type JobContext = DomainContext;

export interface JobRun {
  id: string;
  retryCount: number;
  // Aborted when the job expires, its heartbeat was missed and it is retried elsewhere, or the worker
  // stops; long handlers pass it to their I/O.
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
export interface JobDefinition<P extends object> extends WorkKind<P> {
  queue: Omit<Queue, 'name'>;
  work?: (config: Config) => WorkSettings;
  schedule?: { cron: string; payload: P };
  run(payload: P, context: JobContext, job: JobRun): Promise<void>;
}

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
