import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../core/config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database as Schema } from './schema.ts';
import { SerializedPGliteDialect } from './serialized-pglite-dialect.ts';

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export type DatabaseHandle =
  | { kind: 'postgres'; db: Db; connectionString: string; pool: pg.Pool; close(): Promise<void> }
  | { kind: 'pglite'; db: Db; pglite: PGlite; close(): Promise<void> };

export type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>;

export function openPostgres(connectionString: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process: the
  // pool replaces it on the next checkout.
  pool.on('error', (error) => process.emitWarning(`idle database connection lost: ${error.message}`));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, connectionString, pool, close: () => db.destroy() };
}

// Wraps an already opened PGlite (a data dir on disk, or an in-memory copy in tests).
export function wrapPglite(pglite: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  const db = new Kysely<Schema>({ dialect: new SerializedPGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    db,
    pglite,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        onClose();
      }
    },
  };
}

// seed: fills a data dir that does not exist yet (a copy of a prepared one) instead of PGlite's initdb;
// it answers false when it has nothing to copy.
export async function openDatabase(config: DatabaseConfig, seed?: (pgliteDir: string) => boolean): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const unlock = lockDataDir(config.DATA_DIR);
  try {
    const dataDir = path.join(config.DATA_DIR, 'pglite');
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) seed?.(dataDir);
    const pglite = await PGlite.create(dataDir);
    return wrapPglite(pglite, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

// A round trip to the database: throws when it is not reachable.
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
