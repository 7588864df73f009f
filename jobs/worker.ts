import type { Config } from '../core/config.ts';
import { shopifyCredentials } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { resolveSecretKey } from '../core/secret-key.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { precompileAll } from '../emails/render.ts';
import { createMailer } from '../emails/transport.ts';
import { createNotificationMailer } from '../domain/notifications/email-mailer.ts';
import { JobQueue, type QueueRole } from './queue.ts';
import { allJobs, jobs } from './registry.ts';
import { ShopifyAdmin } from '../domain/shopify/admin-api.ts';
import { EasyPostTracking } from '../domain/tracking/easypost.adapter.ts';

// The background door's one lifecycle, whoever hosts it (a `worker` process, or the jobs thread of
// `npm start`): the queue with every job the service has, the providers the handlers call, a worker
// for each job, and the dispatch nudges; then stopping them in reverse.

export function openJobQueue(handle: DatabaseHandle, config: Config, logger: Logger, role: Omit<QueueRole, 'jobs'>): JobQueue {
  return new JobQueue(handle, config, logger, { ...role, jobs: allJobs });
}

export interface JobWorkers {
  queue: JobQueue;
  // No more nudges, then the queue lets running jobs finish (SHUTDOWN_TIMEOUT_MS), and the mail
  // transport closes only after the last send.
  stop(): Promise<void>;
}

export interface WorkerSettings {
  database: DatabaseHandle;
  config: Config;
  logger: Logger;
  shopId: string;
  demo: boolean;
}

// Starts the job workers. The email templates are compiled before this resolves, so a broken one
// stops the process at start rather than at its first email.
export async function startJobWorkers(settings: WorkerSettings): Promise<JobWorkers> {
  const { database, config, logger } = settings;
  const queue = openJobQueue(database, config, logger, { worker: true });
  await queue.start();
  let workers: RunningWorkers | undefined;
  try {
    workers = await startWorkers(queue, settings);
    await precompileAll();
  } catch (error) {
    workers?.stopNudges();
    workers?.closeTransport();
    await queue.stop(1000).catch(() => {});
    throw error;
  }
  const started = workers;
  return {
    queue,
    stop: async () => {
      started.stopNudges();
      await queue.stop(config.SHUTDOWN_TIMEOUT_MS);
      started.closeTransport();
    },
  };
}

interface RunningWorkers {
  stopNudges(): void;
  closeTransport(): void;
}

async function startWorkers(queue: JobQueue, { database, config, logger, shopId, demo }: WorkerSettings): Promise<RunningWorkers> {
  const carrier = config.EASYPOST_API_KEY ? new EasyPostTracking(config) : undefined;
  if (!carrier) logger.warn('EASYPOST_API_KEY is not set: shipments will not be checked');
  const shopify = config.SHOPIFY_SHOP && shopifyCredentials(config) ? new ShopifyAdmin(config, logger) : undefined;
  const transport = createMailer({ smtpUrl: config.SMTP_URL }, database.db);
  const mailer = createNotificationMailer(database.db, config, resolveSecretKey(config), transport);
  let nudge: NodeJS.Timeout | undefined;
  try {
    await queue.startWorkers({ db: database.db, config, logger, shopId, carrier, shopify, mailer });
    nudge = startDispatchNudges(queue, database, config, logger, demo);
    // The demo's sandboxes need no subscriptions; a real shop's workers make sure of them at start.
    if (!demo && config.SUBSCRIBE_WEBHOOKS && (shopify || carrier)) await queue.enqueue(database.db, jobs.ensureWebhooks, {}, { singletonKey: 'ensure-webhooks' });
  } catch (error) {
    clearInterval(nudge);
    transport.close();
    throw error;
  }
  return {
    stopNudges: () => clearInterval(nudge),
    closeTransport: () => transport.close(),
  };
}

// Every worker asks for a dispatch of due checks at an interval (the cron schedule alone would run it
// once a minute); the dispatch queue keeps at most one queued, however many workers ask.
function startDispatchNudges(queue: JobQueue, database: DatabaseHandle, config: Config, logger: Logger, demo: boolean): NodeJS.Timeout {
  const ask = (job: typeof jobs.dispatchDueChecks | typeof jobs.sweepDetection) =>
    queue.enqueue(database.db, job, {}).catch((error) => logger.warn({ err: error }, `could not ask for ${job.name}`));
  // The demo's clock runs fast: due checks and time-based rules are looked for every few seconds.
  const nudge = () => {
    void ask(jobs.dispatchDueChecks);
    if (demo) void ask(jobs.sweepDetection);
  };
  const timer = setInterval(nudge, (demo ? 5 : config.DISPATCH_INTERVAL_SECONDS) * 1000);
  timer.unref();
  nudge();
  return timer;
}
