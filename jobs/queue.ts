import { PgBoss, fromKysely, type ConstructorOptions, type Job, type JobInsert, type JobResult, type SendOptions } from 'pg-boss';
import type { DatabaseHandle, Db, Tx } from '../db/database.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { WorkKind, WorkQueue } from '../domain/work.ts';
import type { JobContext, JobDefinition } from './job.ts';
import { jobsProcessed } from '../core/metrics.ts';

export interface QueueRole {
  // A worker runs handlers, schedules and pg-boss maintenance; a web process only enqueues.
  worker: boolean;
  // The job definitions this queue creates and, in a worker, runs; handed in, since they use the queue.
  jobs: ReadonlyArray<JobDefinition<any>>;
}

type Executor = Parameters<typeof fromKysely>[0];

// Liveness, apart from expiry: a worker touches every job it holds every HEARTBEAT_REFRESH_SECONDS, and
// pg-boss's supervisor (every JOB_SUPERVISE_INTERVAL_SECONDS) fails, and so retries, a job untouched for
// HEARTBEAT_SECONDS. A job held by a killed process comes back within about HEARTBEAT_SECONDS plus that
// interval plus its kind's first retry delay, however long its expiry. A live worker keeps touching
// however long the job runs, so only a worker that cannot reach the database for three refreshes in a
// row loses its claim (and then its handler is told, through the job's signal). 10 is pg-boss's least.
const HEARTBEAT_SECONDS = 10;
const HEARTBEAT_REFRESH_SECONDS = 3;

// How a worker fetches a kind of job: a few fetch loops, each taking batches of at least two, since a
// loop fetches again at once only while its batches come back full (at a batch of one it would wait out
// the polling interval after every job). A batch runs concurrently, or in order when the kind asks for
// it or when running it at once would exceed the kind's concurrency.
export function fetchPlan(concurrency: number, sequential: boolean): { loops: number; batchSize: number; inOrder: boolean } {
  if (sequential) return { loops: concurrency, batchSize: 8, inOrder: true };
  const loops = Math.max(1, Math.min(4, Math.floor(concurrency / 2)));
  const share = Math.ceil(concurrency / loops);
  return { loops, batchSize: Math.max(2, share), inOrder: share < 2 };
}

// A job of a batch run in order whose claim is gone before its turn (the batch expired, or its heartbeat
// was missed and it is already retried elsewhere) is not started: running it would run it twice. The
// result settles nothing, since the job is no longer this worker's.
function unclaimed(item: Job<object>): JobResult {
  return { id: item.id, status: 'failed', output: { message: 'no longer held by this worker: not started' } };
}

// While the database is away, every fetch loop and the supervisor fail at each poll: said at warn,
// once per QUIET_MS with a count, not once per loop and poll. Any other queue error is an error.
const QUIET_MS = 30_000;
const CONNECTION_LOST = /ECONNREFUSED|ECONNRESET|EPIPE|ENOENT|terminat|starting up|not yet accepting|shutting down|Connection terminated|timeout exceeded when trying to connect/i;

// A connection refused or lost: a node socket error, or PostgreSQL's classes 08 (connection) and 57P
// (the server shutting down, crashed, or starting).
function isConnectionLost(error: Error): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^(08|57P0[1-3])/.test(code) || CONNECTION_LOST.test(`${code} ${error.message}`);
}

function queueErrorLog(logger: Logger): (error: Error) => void {
  let saidAt = -Infinity;
  let unsaid = 0;
  return (error) => {
    if (!isConnectionLost(error)) return logger.error({ err: error }, 'job queue error');
    if (Date.now() - saidAt < QUIET_MS) return void unsaid++;
    logger.warn({ reason: error.message, alsoFailedSinceLastSaid: unsaid }, 'job queue cannot reach the database; retrying');
    saidAt = Date.now();
    unsaid = 0;
  };
}

// The service's job queue: pg-boss on the service's own database. Enqueue goes through the caller's
// Kysely handle, so a job sent inside a transaction exists only if that transaction commits.
export class JobQueue implements WorkQueue {
  readonly boss: PgBoss;
  readonly #logger: Logger;
  readonly #role: QueueRole;
  readonly #config: Config;

  constructor(handle: DatabaseHandle, config: Config, logger: Logger, role: QueueRole) {
    const common: ConstructorOptions = {
      schema: 'pgboss',
      supervise: role.worker,
      schedule: role.worker,
      migrate: true,
      superviseIntervalSeconds: config.JOB_SUPERVISE_INTERVAL_SECONDS,
      monitorIntervalSeconds: config.JOB_SUPERVISE_INTERVAL_SECONDS,
    };
    // A worker listens (one more connection): a job committed anywhere wakes its workers at once
    // instead of at their next poll; polling stays on as the floor.
    this.boss = new PgBoss({ ...common, connectionString: handle.connectionString, max: 10, application_name: 'whereabouts-jobs', useListenNotify: role.worker });
    this.boss.on('error', queueErrorLog(logger));
    this.#logger = logger;
    this.#role = role;
    this.#config = config;
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const job of this.#role.jobs) {
      // Every queue notifies: sending a job (at its transaction's commit) wakes the workers.
      await this.boss.createQueue(job.name, { heartbeatSeconds: HEARTBEAT_SECONDS, ...job.queue, notify: true });
      // A queue's policy is fixed at creation; its retry and expiry settings follow the definition.
      const { policy: _policy, ...settings } = job.queue;
      await this.boss.updateQueue(job.name, { heartbeatSeconds: HEARTBEAT_SECONDS, ...settings, notify: true });
    }
  }

  async enqueue<P extends object>(db: Db | Tx, job: WorkKind<P>, payload: P, options: SendOptions = {}): Promise<string | null> {
    const data = job.payload.parse(payload);
    return this.boss.send(job.name, data, { ...options, db: fromKysely(db as Executor) });
  }

  async enqueueMany<P extends object>(db: Db | Tx, job: WorkKind<P>, jobs: Array<Omit<JobInsert<P>, 'data'> & { data: P }>): Promise<void> {
    if (jobs.length === 0) return;
    const checked = jobs.map((j) => ({ ...j, data: job.payload.parse(j.data) }));
    await this.boss.insert(job.name, checked, { db: fromKysely(db as Executor) });
  }

  async startWorkers(context: Omit<JobContext, 'queue'>): Promise<void> {
    if (!this.#role.worker) throw new Error('startWorkers called on a web-only queue');
    const fullContext: JobContext = { ...context, queue: this };
    for (const job of this.#role.jobs) {
      const { concurrency, pollingIntervalSeconds, sequential = false } = job.work?.(this.#config) ?? { concurrency: 1 };
      const { loops, batchSize, inOrder } = fetchPlan(concurrency, sequential);
      const interval = pollingIntervalSeconds ?? this.#config.JOB_POLL_INTERVAL_SECONDS;
      await this.boss.work(
        job.name,
        {
          localConcurrency: loops,
          batchSize,
          burstWhenBatchFull: true,
          perJobResults: true,
          pollingIntervalSeconds: interval,
          notifyPollingIntervalSeconds: interval,
          heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS,
        },
        async (batch: Job<object>[]) => {
          if (!inOrder) return Promise.all(batch.map((item) => this.#runOne(job, item, fullContext)));
          const results: JobResult[] = [];
          for (const item of batch) results.push(item.signal.aborted ? unclaimed(item) : await this.#runOne(job, item, fullContext));
          return results;
        },
      );
      if (job.schedule) await this.boss.schedule(job.name, job.schedule.cron, job.schedule.payload);
    }
  }

  async #runOne(job: JobDefinition<any>, item: Job<object>, context: JobContext): Promise<JobResult> {
    const logger = this.#logger.child({ job: job.name, jobId: item.id });
    const started = performance.now();
    try {
      const payload = job.payload.parse(item.data);
      await job.run(payload, { ...context, logger }, { id: item.id, retryCount: item.retryCount, signal: item.signal });
      logger.debug({ ms: Math.round(performance.now() - started) }, 'job done');
      jobsProcessed.inc({ job: job.name, outcome: 'completed' });
      return { id: item.id, status: 'completed' };
    } catch (error) {
      jobsProcessed.inc({ job: job.name, outcome: 'failed' });
      logger.error({ err: error, retryCount: item.retryCount }, 'job failed');
      return { id: item.id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } };
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
