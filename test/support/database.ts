import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPostgres, wrapPglite, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { JobQueue } from '../../jobs/queue.ts';
import { parseConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';

// Each suite gets a fresh, migrated database. Building one from scratch is slow (PGlite's initdb takes
// seconds), so a migrated template is built once — a dumped PGlite data dir cached on disk, or a
// PostgreSQL template database — and every test database is a copy of it.

const root = fileURLToPath(new URL('../..', import.meta.url));

function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = path.join(root, 'db/migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)));
  for (const pkg of ['@electric-sql/pglite', 'pg-boss', 'kysely']) {
    hash.update(readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex').slice(0, 16);
}

// pg-boss installs its own schema on first start; doing it in the template saves every test that time.
async function prepare(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const queue = new JobQueue(handle, config, createLogger(config), { worker: false });
  await queue.start();
  await queue.stop(1000);
}

let pgliteTemplate: Promise<Buffer> | undefined;

async function buildPgliteTemplate(): Promise<Buffer> {
  const cacheDir = path.join(root, 'node_modules/.cache/whereabouts');
  const file = path.join(cacheDir, `pglite-template-${templateKey()}.tar.gz`);
  if (existsSync(file)) return readFileSync(file);
  const pglite = await PGlite.create();
  const handle = wrapPglite(pglite);
  await prepare(handle);
  const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  await handle.close();
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, dump);
  renameSync(partial, file);
  return dump;
}

async function freshPglite(): Promise<DatabaseHandle> {
  pgliteTemplate ??= buildPgliteTemplate();
  const dump = await pgliteTemplate;
  const pglite = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(dump)]) });
  return wrapPglite(pglite);
}

let adminPool: pg.Pool | undefined;
let postgresTemplate: Promise<string> | undefined;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  adminPool ??= new pg.Pool({ connectionString: adminUrl, max: 2 });
  const name = `whereabouts_template_${templateKey()}`;
  const client = await adminPool.connect();
  try {
    // Several mocha processes may share one server: one builds the template, the others wait.
    await client.query('select pg_advisory_lock(727271)');
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"`);
      const handle = openPostgres(withDatabase(adminUrl, name), 2);
      try {
        await prepare(handle);
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

async function freshPostgres(adminUrl: string): Promise<DatabaseHandle> {
  postgresTemplate ??= buildPostgresTemplate(adminUrl);
  const template = await postgresTemplate;
  const name = `whereabouts_test_${randomBytes(6).toString('hex')}`;
  await adminPool!.query(`create database "${name}" template "${template}"`);
  const url = withDatabase(adminUrl, name);
  const handle = openPostgres(url, 5);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminPool!.query(`drop database if exists "${name}" with (force)`);
    },
  };
}

export const testDatabaseKind: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

// A fresh migrated database (pg-boss schema included). close() disposes of it.
export function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  return adminUrl ? freshPostgres(adminUrl) : freshPglite();
}

// An empty database, nothing migrated: for migration tests.
export async function createEmptyDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return wrapPglite(await PGlite.create());
  adminPool ??= new pg.Pool({ connectionString: adminUrl, max: 2 });
  const name = `whereabouts_test_${randomBytes(6).toString('hex')}`;
  await adminPool.query(`create database "${name}"`);
  const handle = openPostgres(withDatabase(adminUrl, name), 2);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminPool!.query(`drop database if exists "${name}" with (force)`);
    },
  };
}

export async function closeTemplates(): Promise<void> {
  await adminPool?.end();
  adminPool = undefined;
}
