import { parentPort, workerData } from 'node:worker_threads';
import { useFastTrackingClock } from '../core/clock.ts';
import { createLogger } from '../core/logger.ts';
import { registry } from '../core/metrics.ts';
import { openPostgres } from '../db/database.ts';
import { openJobQueue, startWorkers } from '../jobs/worker.ts';
import type { BackgroundMessage, BackgroundSettings } from './background.ts';
import { giveWayToTheWeb } from './give-way.ts';

// The background thread `npm start` runs (runtime/background.ts): the job workers on connections of
// their own to the process's database. The main thread owns the database (the embedded server stops
// with it); this thread only connects, and ends when asked, after its running jobs.
const { config, connectionString, kind, shopId, demoTime } = workerData as BackgroundSettings;
const port = parentPort!;
const send = (message: BackgroundMessage) => port.postMessage(message);
if (demoTime) useFastTrackingClock(demoTime);
const logger = createLogger(config).child({ thread: 'jobs' });
const database = openPostgres(connectionString, config.DATABASE_POOL_SIZE, kind);

giveWayToTheWeb(database, logger);
const queue = openJobQueue(database, config, logger, { worker: true });

let stopAsked = false;
let started: Promise<void> | undefined;
port.on('message', (message: 'stop' | { metrics: number }) => {
  if (typeof message === 'object') {
    void registry.getMetricsAsJSON().then((metrics) => send({ metrics, id: message.metrics }));
    return;
  }
  if (stopAsked) return;
  stopAsked = true;
  void stop();
});

async function stop(): Promise<void> {
  await started?.catch(() => {});
  workers?.stopNudges();
  await queue.stop(config.SHUTDOWN_TIMEOUT_MS).catch((error: unknown) => logger.error({ err: error }, 'job queue did not stop cleanly'));
  workers?.closeTransport();
  await database.close();
  logger.info('background thread stopped');
  port.close();
}

let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
started = (async () => {
  await queue.start();
  workers = await startWorkers(queue, { database, config, logger, shopId, demo: demoTime !== undefined });
  await workers.compileTemplates();
})();
await started;
if (!stopAsked) send({ ready: true });
