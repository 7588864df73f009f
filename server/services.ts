import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { LookupLimits } from './lookup/rate-limits.ts';
import type { LookupCounter } from '../domain/lookup/lookup-counter.ts';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

// What every route is handed. It lives apart from app.ts, which imports every route, so a route can
// name its services without importing the app that mounts it.

export interface Lifecycle {
  shuttingDown: boolean;
}

export interface AppServices {
  config: Config;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  shopId: string;
  // Signs lookup links and sessions (SECRET_KEY, or the key kept in DATA_DIR).
  secretKey: string;
  lookupLimits: LookupLimits;
  lookupCounter: LookupCounter;
  lifecycle: Lifecycle;
  // Demo mode: pages carry a "demo data" banner.
  demo?: boolean;
  // `npm start`'s background thread, whose job metrics /metrics adds to the web's.
  background?: { metrics(): Promise<MetricObjectWithValues<MetricValue<string>>[]> };
}
