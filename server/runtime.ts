import { createServer, type Server } from 'node:http';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { ensureShop } from '../db/shops.repository.ts';
import { JobQueue } from '../jobs/queue.ts';
import { jobs } from '../jobs/registry.ts';
import { precompileAll } from '../emails/render.ts';
import { createMailer, type Mailer } from '../emails/transport.ts';
import { createNotificationMailer } from '../jobs/notifications/email-mailer.ts';
import { ShopifyAdmin } from '../jobs/shopify/admin-api.ts';
import { EasyPostTracking } from '../jobs/tracking/easypost.adapter.ts';
import { createApp, type Lifecycle } from './app.ts';
import { listenHost, shopifyCredentials, type Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { createLookupLimits } from './lookup/rate-limits.ts';
import { readPgliteTemplate } from './pglite-template.ts';
import { resolveSecretKey } from './secret-key.ts';
import { shopIdentity } from './shop.ts';
import { isDemo, startDemo, type Demo } from './demo/demo.ts';
import { welcomeToDemo } from './demo/welcome.ts';

export type ProcessRole = 'all' | 'web' | 'worker';

export interface RunningService {
  server?: Server;
  database: DatabaseHandle;
  queue: JobQueue;
  shopId: string;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// Opens the database, applies migrations, starts the job queue and, by role, the workers and the HTTP
// server. stop() undoes it in reverse: stop accepting, finish requests, stop workers, close the database.
export async function startService(config: Config, logger: Logger, role: ProcessRole): Promise<RunningService> {
  const database = await openDatabase(config, readPgliteTemplate);
  const lifecycle: Lifecycle = { shuttingDown: false };
  let queue: JobQueue | undefined;
  let server: Server | undefined;
  let nudge: NodeJS.Timeout | undefined;
  let transport: Mailer | undefined;
  let demo: Demo | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    // Only `npm start` with no credentials at all runs the demo; it fills in the configuration.
    if (role === 'all' && isDemo(config)) demo = await startDemo(config, database.db);
    const { domain, name } = shopIdentity(config);
    const shop = await ensureShop(database.db, domain, name);

    const runsWorkers = role !== 'web';
    queue = new JobQueue(database, config, logger, { worker: runsWorkers });
    await queue.start();
    if (runsWorkers) {
      const carrier = config.EASYPOST_API_KEY ? new EasyPostTracking(config) : undefined;
      if (!carrier) logger.warn('EASYPOST_API_KEY is not set: shipments will not be checked');
      const shopify = config.SHOPIFY_SHOP && shopifyCredentials(config) ? new ShopifyAdmin(config, logger) : undefined;
      // Templates compile at start: a broken one stops the worker here, not at its first email.
      await precompileAll();
      transport = createMailer({ smtpUrl: config.SMTP_URL }, database.db);
      const mailer = createNotificationMailer(database.db, config, resolveSecretKey(config), transport);
      await queue.startWorkers({ db: database.db, config, logger, shopId: shop.id, carrier, shopify, mailer });
      nudge = startDispatchNudges(queue, database, config, logger, demo !== undefined);
      // The demo's sandboxes need no subscriptions; a real shop's workers make sure of them at start.
      if (!demo && config.SUBSCRIBE_WEBHOOKS && (shopify || carrier)) await queue.enqueue(database.db, jobs.ensureWebhooks, {}, { singletonKey: 'ensure-webhooks' });
    }

    if (role !== 'worker') {
      const secretKey = resolveSecretKey(config);
      const lookupLimits = createLookupLimits(database, config);
      const app = createApp({ config, db: database.db, queue, logger, shopId: shop.id, secretKey, lookupLimits, lifecycle, demo: demo !== undefined });
      server = createServer(app);
      await listen(server, config.PORT, listenHost(config, demo !== undefined));
      logger.info({ url: config.PUBLIC_URL, port: config.PORT, database: database.kind, role }, 'whereabouts is up');
      if (demo) await welcomeToDemo(demo, { db: database.db, config, logger, shopId: shop.id, secretKey, queue });
    } else {
      logger.info({ database: database.kind, role }, 'whereabouts worker is up');
    }

    const running = { server, database, queue, shopId: shop.id };
    return {
      ...running,
      stop: async () => {
        clearInterval(nudge);
        await stopService(running, lifecycle, config, logger);
        transport?.close();
        await demo?.close();
      },
    };
  } catch (error) {
    clearInterval(nudge);
    await demo?.close();
    server?.close();
    await queue?.stop(1000).catch(() => {});
    await database.close();
    throw error;
  }
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

async function stopService(
  { server, database, queue }: { server?: Server; database: DatabaseHandle; queue: JobQueue },
  lifecycle: Lifecycle,
  config: Config,
  logger: Logger,
): Promise<void> {
  lifecycle.shuttingDown = true;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    logger.info('http server closed');
  }
  await queue.stop(config.SHUTDOWN_TIMEOUT_MS);
  logger.info('workers stopped');
  await database.close();
  logger.info('database closed');
}
