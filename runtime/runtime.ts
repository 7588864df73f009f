import type { Server } from 'node:http';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { ensureShop } from '../db/shops.repository.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { openJobQueue, startJobWorkers, type JobWorkers } from '../jobs/worker.ts';
import { type Lifecycle } from '../server/services.ts';
import { createApp } from '../server/app.ts';
import { createHttpServer } from '../server/http-server.ts';
import { listenHost, type Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { createLookupLimits } from '../server/lookup/rate-limits.ts';
import { createLookupCounter, type LookupCounter } from '../domain/lookup/lookup-counter.ts';
import { seedFromTemplate } from './database-template.ts';
import { resolveSecretKey } from '../core/secret-key.ts';
import { shopIdentity } from '../server/shop.ts';
import { isDemo, startDemo, type Demo } from './demo/demo.ts';
import { welcomeToDemo } from './demo/welcome.ts';
import { startBackground, type Background } from './background.ts';
import { giveWayToTheWeb } from './give-way.ts';

export type ProcessRole = 'all' | 'web' | 'worker';

export interface RunningService {
  server?: Server;
  database: DatabaseHandle;
  queue: JobQueue;
  shopId: string;
  // Settles if the background thread (`all`) or the embedded database server ended on its own and is
  // not coming back: the process must stop.
  died?: Promise<Error>;
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
// server. `all` (npm start) runs the workers in a background thread (runtime/background.ts), so the
// web's event loop and connections answer shoppers and webhooks whatever the jobs are doing. stop()
// undoes it in reverse: stop accepting, finish requests, stop workers, close the database.
export async function startService(config: Config, logger: Logger, role: ProcessRole): Promise<RunningService> {
  const database = await openDatabase(config, seedFromTemplate, (level, message) => logger[level](message));
  const lifecycle: Lifecycle = { shuttingDown: false };
  let queue: JobQueue | undefined;
  let server: Server | undefined;
  let workers: JobWorkers | undefined;
  let background: Background | undefined;
  let lookupCounter: LookupCounter | undefined;
  let demo: Demo | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    // Only `npm start` with no credentials at all runs the demo; it fills in the configuration.
    if (role === 'all' && isDemo(config)) demo = await startDemo(config, database.db);
    const { domain, name } = shopIdentity(config);
    const shop = await ensureShop(database.db, domain, name);

    if (role === 'worker') {
      giveWayToTheWeb(database, logger);
      workers = await startJobWorkers({ database, config, logger, shopId: shop.id, demo: false });
      queue = workers.queue;
      logger.info({ database: database.kind, role }, 'whereabouts worker is up');
    } else {
      // The web only enqueues; `all` runs the job workers in its background thread.
      queue = openJobQueue(database, config, logger, { worker: false });
      await queue.start();
      if (role === 'all') background = startBackground({ config, connectionString: database.connectionString, kind: database.kind, shopId: shop.id, demoTime: demo?.time }, logger);
      const secretKey = resolveSecretKey(config);
      const lookupLimits = createLookupLimits(database, config);
      lookupCounter = createLookupCounter(database.db, shop.id, logger);
      const app = createApp({ config, db: database.db, queue, logger, shopId: shop.id, secretKey, lookupLimits, lookupCounter, lifecycle, demo: demo !== undefined, background });
      // Timeouts and a per-address connection cap for slow or greedy clients (server/http-server.ts).
      server = createHttpServer(app, config);
      await listen(server, config.PORT, listenHost(config, demo !== undefined));
      logger.info({ url: config.PUBLIC_URL, port: config.PORT, database: database.kind, role }, 'whereabouts is up');
      // A broken email template stops the process here rather than at its first email.
      await background?.ready;
      if (demo) await welcomeToDemo(demo, { db: database.db, config, logger, shopId: shop.id, secretKey, queue });
    }

    const jobs = workers ?? { queue, stop: () => queue!.stop(config.SHUTDOWN_TIMEOUT_MS) };
    const running = { server, database, jobs, background, lookupCounter };
    return {
      server,
      database,
      queue,
      shopId: shop.id,
      died: background || database.died ? Promise.race([background?.died, database.died].filter((died) => died !== undefined)) : undefined,
      stop: async () => {
        await stopService(running, lifecycle, logger);
        await demo?.close();
      },
    };
  } catch (error) {
    server?.close();
    await background?.stop();
    await demo?.close();
    await (workers ? workers.stop() : queue?.stop(1000))?.catch(() => {});
    await database.close();
    throw error;
  }
}

interface Running {
  server?: Server;
  database: DatabaseHandle;
  // This process's side of the queue: its job workers (`worker`), or the web's enqueue-only queue.
  jobs: Pick<JobWorkers, 'stop'>;
  background?: Background;
  lookupCounter?: LookupCounter;
}

async function stopService({ server, database, jobs, background, lookupCounter }: Running, lifecycle: Lifecycle, logger: Logger): Promise<void> {
  lifecycle.shuttingDown = true;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    logger.info('http server closed');
  }
  await lookupCounter?.stop();
  await background?.stop();
  await jobs.stop();
  logger.info('workers stopped');
  await database.close();
  logger.info('database closed');
}
