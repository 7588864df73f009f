import { PgBoss, fromKysely, fromPglite, type ConstructorOptions, type SendOptions } from 'pg-boss';
import type { DatabaseHandle, Db, Tx } from '../db/database.ts';
import type { Config } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import type { JobContext, JobDefinition } from './job.ts';
import { allJobs } from './registry.ts';

export interface QueueRole {
  // A worker runs handlers, schedules and pg-boss maintenance; a web process only enqueues.
  worker: boolean;
}

// The service's job queue: pg-boss on the service's own database. Enqueue goes through the caller's
// Kysely handle, so a job sent inside a transaction exists only if that transaction commits.
export class JobQueue {
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
    };
    this.boss =
      handle.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(handle.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: handle.connectionString, max: 4, application_name: 'whereabouts-jobs' });
    this.boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    this.#logger = logger;
    this.#role = role;
    this.#config = config;
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const job of allJobs) {
      await this.boss.createQueue(job.name, job.queue);
      await this.boss.updateQueue(job.name, job.queue);
    }
  }

  async enqueue<P extends object>(db: Db | Tx, job: JobDefinition<P>, payload: P, options: SendOptions = {}): Promise<string | null> {
    const data = job.payload.parse(payload);
    return this.boss.send(job.name, data, { ...options, db: fromKysely(db as Parameters<typeof fromKysely>[0]) });
  }

  async startWorkers(context: Omit<JobContext, 'queue'>): Promise<void> {
    if (!this.#role.worker) throw new Error('startWorkers called on a web-only queue');
    const fullContext: JobContext = { ...context, queue: this };
    for (const job of allJobs) {
      await this.boss.work(
        job.name,
        { pollingIntervalSeconds: this.#config.JOB_POLL_INTERVAL_SECONDS, batchSize: 1, ...job.work },
        async (batch) => {
          for (const item of batch) {
            const log = this.#logger.child({ job: job.name, jobId: item.id });
            const payload = job.payload.parse(item.data);
            const started = performance.now();
            await job.run(payload, { ...fullContext, logger: log }, { id: item.id, retryCount: item.retryCount, signal: item.signal });
            log.debug({ ms: Math.round(performance.now() - started) }, 'job done');
          }
        },
      );
      if (job.schedule) await this.boss.schedule(job.name, job.schedule.cron, job.schedule.payload);
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
