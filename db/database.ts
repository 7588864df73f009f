import { existsSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../core/config.ts';
import { UnsafeDataError } from '../core/private-files.ts';
import { DataDirLockedError, lockDataDir } from './embedded/data-dir-lock.ts';
import { EmbeddedPostgresError, initCluster, startServer, type ServerOptions } from './embedded/postgres.ts';
import { EarlierEngineError, refuseEarlierEngine } from './embedded/earlier-engine.ts';
import type { Database as Schema } from './schema.ts';

export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

// PostgreSQL either way: a server of the operator's own (DATABASE_URL), or the embedded one this
// process runs in DATA_DIR.
export interface DatabaseHandle {
  kind: 'postgres' | 'embedded';
  db: Db;
  connectionString: string;
  pool: pg.Pool;
  // The embedded server only: settles if it ended on its own and could not be started again.
  died?: Promise<Error>;
  close(): Promise<void>;
}

export type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>;

// warn: where a lost connection is said (a warning of the process otherwise).
export function openPostgres(
  connectionString: string,
  poolSize = 10,
  kind: DatabaseHandle['kind'] = 'postgres',
  warn: (message: string) => void = (message) => process.emitWarning(message),
): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // A connection the server drops (a restart, a failover, a crash) must not crash the process. pg-pool
  // listens for errors on a client only while it is idle, and Kysely adds no listener while it is
  // checked out, so an error then would be unhandled: every client gets one for its whole life. The
  // query on it fails (and its request or job with it, a job is retried); the pool makes new
  // connections once the server accepts again. Said once per incident: until a connection is made.
  // Once the pool is ending, its connections close on their own time, and the embedded server may stop
  // before the last one has: that is no news.
  let lost = false;
  const connectionLost = (error: Error) => {
    if (pool.ending || lost) return;
    lost = true;
    warn(`database connection lost: ${error.message}`);
  };
  pool.on('error', connectionLost);
  pool.on('connect', (client) => {
    lost = false;
    client.on('error', connectionLost);
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { kind, db, connectionString, pool, close: () => db.destroy() };
}

// The embedded server's data directory inside DATA_DIR.
export function embeddedDataDir(config: Pick<Config, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'postgres');
}

// seed: fills a data directory that does not exist yet (a copy of a prepared one) instead of initdb;
// it answers false when it has nothing to copy. One process at a time opens a DATA_DIR: the server
// is this process's child and stops with it. report: where a lost connection, and the server's
// supervision, are said.
export async function openDatabase(config: DatabaseConfig, seed?: (pgdata: string) => boolean, report?: ServerOptions['report']): Promise<DatabaseHandle> {
  const warn = report && ((message: string) => report('warn', message));
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE, 'postgres', warn);
  const unlock = lockDataDir(config.DATA_DIR);
  try {
    const pgdata = embeddedDataDir(config);
    if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
      refuseEarlierEngine(config.DATA_DIR);
      if (!seed?.(pgdata)) await initCluster(pgdata);
    }
    const server = await startServer(pgdata, { report });
    const handle = openPostgres(server.connectionString(), config.DATABASE_POOL_SIZE, 'embedded', warn);
    return {
      ...handle,
      died: server.died,
      close: async () => {
        try {
          await handle.close();
        } finally {
          await server.stop().finally(unlock);
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

// Errors of opening the database that say what to do in their message: shown as they are.
export function isOpenRefusal(error: unknown): error is Error {
  return error instanceof DataDirLockedError || error instanceof EarlierEngineError || error instanceof UnsafeDataError || error instanceof EmbeddedPostgresError;
}

// A round trip to the database: throws when it is not reachable.
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
