import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { openDatabase, type DatabaseConfig, type Db } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import type { Shop } from '../../../db/schema.ts';
import { ensureShop } from '../../../db/shops.repository.ts';

// A benchmark's shop, seeded in the benchmark's own process before the server starts: the embedded
// database belongs to one process at a time, so it is closed again before the server opens it. On a
// failure the throwaway data dir goes too.
export async function seedBenchShop(
  config: DatabaseConfig,
  shop: { domain: string; name: string },
  seed: (db: Db, shop: Shop) => Promise<void>,
): Promise<{ shop: Shop; kind: string; seedSeconds: number }> {
  const started = performance.now();
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const seeded = await ensureShop(database.db, shop.domain, shop.name);
    await seed(database.db, seeded);
    return { shop: seeded, kind: database.kind, seedSeconds: (performance.now() - started) / 1000 };
  } catch (error) {
    rmSync(config.DATA_DIR, { recursive: true, force: true });
    throw error;
  } finally {
    await database.close();
  }
}

// After the run: on PostgreSQL the shop's rows are removed (the database is someone's own); the
// throwaway data dir of the embedded one is deleted.
export async function cleanUpBenchShop(config: DatabaseConfig, remove: (db: Db) => Promise<void>): Promise<void> {
  if (config.DATABASE_URL) {
    const database = await openDatabase(config);
    try {
      await remove(database.db);
    } finally {
      await database.close();
    }
  }
  rmSync(config.DATA_DIR, { recursive: true, force: true });
}

// The environment of the production service a benchmark starts for its shop: on loopback, on the
// benchmark's database (DATABASE_URL when set, else the throwaway data dir), with a fresh secret.
export function benchServiceEnv(config: DatabaseConfig, port: number, shop: { domain: string; name: string }): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: config.DATA_DIR,
    ...(config.DATABASE_URL ? { DATABASE_URL: config.DATABASE_URL } : {}),
    SHOPIFY_SHOP: shop.domain,
    SHOP_NAME: shop.name,
    SECRET_KEY: randomBytes(32).toString('base64url'),
  };
}
