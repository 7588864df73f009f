import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, type DatabaseHandle } from '../../db/database.ts';
import { initCluster, startServer, type EmbeddedServer } from '../../db/embedded/postgres.ts';
import { databaseTemplateKey, prepareDatabase, seedFromTemplate } from '../../runtime/database-template.ts';

// Each suite gets a fresh, migrated database: a copy of a template database built once per server.
// The server is TEST_DATABASE_URL's, or else an embedded one this mocha process starts in a temporary
// directory (fsync off: test data need not survive a crash) and stops at the end.

let embedded: Promise<{ server: EmbeddedServer; dir: string }> | undefined;

async function startEmbedded(): Promise<{ server: EmbeddedServer; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-test-'));
  const pgdata = path.join(dir, 'postgres');
  if (!seedFromTemplate(pgdata)) await initCluster(pgdata, { sync: false });
  return { server: await startServer(pgdata, { durable: false, maxConnections: 300 }), dir };
}

async function adminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  embedded ??= startEmbedded();
  return (await embedded).server.connectionString();
}

let adminPool: pg.Pool | undefined;
let postgresTemplate: Promise<string> | undefined;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(): Promise<{ url: string; pool: pg.Pool }> {
  const url = await adminUrl();
  if (!adminPool) {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    // Its connections close after end() resolves; the embedded server stopping just then is no news.
    pool.on('error', (error) => {
      if (!pool.ending) process.emitWarning(`test admin connection lost: ${error.message}`);
    });
    adminPool = pool;
  }
  return { url, pool: adminPool };
}

async function buildPostgresTemplate(): Promise<string> {
  const { url, pool } = await admin();
  const name = `whereabouts_template_${databaseTemplateKey()}`;
  const client = await pool.connect();
  try {
    // Several mocha processes may share one server: one builds the template, the others wait.
    await client.query('select pg_advisory_lock(727271)');
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"`);
      const handle = openPostgres(withDatabase(url, name), 2);
      try {
        await prepareDatabase(handle);
      } catch (error) {
        await handle.close();
        await client.query(`drop database if exists "${name}" with (force)`);
        throw error;
      }
      await handle.close();
    }
  } finally {
    await client.query('select pg_advisory_unlock(727271)');
    client.release();
  }
  return name;
}

async function newDatabase(template?: string, poolSize = 5): Promise<DatabaseHandle> {
  const { url, pool } = await admin();
  const name = `whereabouts_test_${randomBytes(6).toString('hex')}`;
  await pool.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  const handle = openPostgres(withDatabase(url, name), poolSize);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await pool.query(`drop database if exists "${name}" with (force)`);
    },
  };
}

export const testDatabaseKind: 'postgres' | 'embedded' = process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';

// A fresh migrated database (pg-boss schema included). close() disposes of it.
export async function createTestDatabase(): Promise<DatabaseHandle> {
  postgresTemplate ??= buildPostgresTemplate();
  return newDatabase(await postgresTemplate);
}

// An empty database, nothing migrated: for migration tests.
export function createEmptyDatabase(): Promise<DatabaseHandle> {
  return newDatabase(undefined, 2);
}

export async function closeTemplates(): Promise<void> {
  const pool = adminPool;
  const starting = embedded;
  adminPool = undefined;
  embedded = undefined;
  try {
    await pool?.end();
  } finally {
    const running = await starting?.catch(() => undefined);
    if (running) {
      await running.server.stop();
      rmSync(running.dir, { recursive: true, force: true });
    }
  }
}
