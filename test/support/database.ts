import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPostgres, wrapPglite, type DatabaseHandle } from '../../db/database.ts';
import { buildPgliteTemplate, pgliteTemplateKey, prepareDatabase } from '../../server/pglite-template.ts';

// Each suite gets a fresh, migrated database. Building one from scratch is slow (PGlite's initdb takes
// seconds), so a migrated template is built once — the dumped PGlite data dir new embedded databases
// start from, or a PostgreSQL template database — and every test database is a copy of it.

let pgliteTemplate: Promise<Buffer> | undefined;

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
  const name = `whereabouts_template_${pgliteTemplateKey()}`;
  const client = await adminPool.connect();
  try {
    // Several mocha processes may share one server: one builds the template, the others wait.
    await client.query('select pg_advisory_lock(727271)');
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"`);
      const handle = openPostgres(withDatabase(adminUrl, name), 2);
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
