import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle, Db } from '../../db/database.ts';
import type { Shop } from '../../db/schema.ts';
import { ensureShop } from '../../db/shops.repository.ts';
import type { JobContext } from '../../jobs/job.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { openJobQueue } from '../../jobs/worker.ts';
import { parseConfig, type Config } from '../../core/config.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { createTestDatabase } from './database.ts';

export interface TestContext {
  handle: DatabaseHandle;
  db: Db;
  config: Config;
  logger: Logger;
  shop: Shop;
  dataDir: string;
  // Started on first use, as a worker (handlers, schedules); stopped by close().
  queue(): Promise<JobQueue>;
  // Runs every job's workers in this process with the given provider clients.
  startWorkers(providers?: Partial<Pick<JobContext, 'carrier' | 'shopify' | 'mailer'>>): Promise<JobQueue>;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', JOB_POLL_INTERVAL_SECONDS: '0.5', SUBSCRIBE_WEBHOOKS: 'false', ...env });
}

// A fresh migrated database with one shop, the config and a logger: what every suite starts from.
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-test-'));
  const config = testConfig({ DATA_DIR: dataDir, ...env });
  const logger = createLogger(config);
  const handle = await createTestDatabase();
  const shop = await ensureShop(handle.db, 'test-shop.myshopify.com', 'Test Shop');
  let queue: Promise<JobQueue> | undefined;
  const startQueue = () => {
    queue ??= (async () => {
      const q = openJobQueue(handle, config, logger, { worker: true });
      await q.start();
      return q;
    })();
    return queue;
  };
  return {
    handle,
    db: handle.db,
    config,
    logger,
    shop,
    dataDir,
    queue: startQueue,
    async startWorkers(providers = {}) {
      const q = await startQueue();
      await q.startWorkers({ db: handle.db, config, logger, shopId: shop.id, carrier: undefined, shopify: undefined, mailer: undefined, ...providers });
      return q;
    },
    async close() {
      if (queue) await (await queue).stop(2000);
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
