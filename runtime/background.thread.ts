import { parentPort, workerData } from 'node:worker_threads';
import { useFastTrackingClock } from '../core/clock.ts';
import { createLogger } from '../core/logger.ts';
import { registry } from '../core/metrics.ts';
import { openPostgres } from '../db/database.ts';
import { startJobWorkers } from '../jobs/worker.ts';
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
const database = openPostgres(connectionString, config.DATABASE_POOL_SIZE, kind, (message) => logger.warn(message));

giveWayToTheWeb(database, logger);
const starting = startJobWorkers({ database, config, logger, shopId, demo: demoTime !== undefined });

let stopAsked = false;
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
  const workers = await starting.catch(() => undefined);
  await workers?.stop().catch((error: unknown) => logger.error({ err: error }, 'job queue did not stop cleanly'));
  await database.close();
  logger.info('background thread stopped');
  port.close();
}

await starting;
if (!stopAsked) send({ ready: true });
