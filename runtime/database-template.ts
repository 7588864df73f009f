import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres, type DatabaseHandle } from '../db/database.ts';
import { binaryPackage, claimDirectory, initCluster, startServer } from '../db/embedded/postgres.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { openJobQueue } from '../jobs/worker.ts';
import { parseConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';

// A new embedded database starts as a copy of a data directory that already ran initdb, the
// migrations and pg-boss's schema: a copy takes a fraction of a second, initdb and the migrations a
// few seconds. It is built once per install (npm install runs this module's builder) into
// node_modules/.cache, keyed by the migrations and the versions of the packages that shape it; a
// stale or missing one is simply not used, and the database is made from scratch.

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(root, 'node_modules/.cache/whereabouts');
const PREFIX = 'postgres-template-';

export function databaseTemplateKey(): string {
  const hash = createHash('sha256');
  const migrations = path.join(root, 'db/migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)));
  for (const pkg of [binaryPackage(), 'pg-boss', 'kysely']) {
    hash.update(readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex').slice(0, 16);
}

export function databaseTemplateDir(): string {
  return path.join(cacheDir, `${PREFIX}${databaseTemplateKey()}`);
}

// Brings a database to what a new one needs: the schema, and pg-boss's own schema and queues.
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const queue = openJobQueue(handle, config, createLogger(config), { worker: false });
  await queue.start();
  await queue.stop(1000);
}

// Fills a new data directory from the template, when there is one; false leaves it to initdb.
export function seedFromTemplate(pgdata: string): boolean {
  const template = databaseTemplateDir();
  if (!existsSync(path.join(template, 'PG_VERSION'))) return false;
  const copying = `${pgdata}.copying`;
  try {
    rmSync(copying, { recursive: true, force: true });
    mkdirSync(path.dirname(pgdata), { recursive: true });
    cpSync(template, copying, { recursive: true });
    claimDirectory(copying);
    renameSync(copying, pgdata);
    return true;
  } catch {
    // A template this user may not read (built by another user): initdb instead.
    rmSync(copying, { recursive: true, force: true });
    return false;
  }
}

export async function buildDatabaseTemplate(): Promise<string> {
  const template = databaseTemplateDir();
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  mkdirSync(cacheDir, { recursive: true });
  const building = path.join(cacheDir, `building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  await initCluster(building, { sync: false });
  const server = await startServer(building, { durable: false });
  try {
    const handle = openPostgres(server.connectionString(), 2);
    try {
      await prepareDatabase(handle);
    } finally {
      await handle.close();
    }
  } finally {
    await server.stop();
  }
  rmSync(path.join(building, 'postmaster.opts'), { force: true });
  rmSync(`${building}.log`, { force: true });
  rmSync(template, { recursive: true, force: true });
  renameSync(building, template);
  // Templates of older migrations or packages, and of the previous embedded engine, are of no use any more.
  for (const name of readdirSync(cacheDir)) {
    if (name !== path.basename(template) && (name.startsWith(PREFIX) || name.startsWith('pglite-template-'))) {
      rmSync(path.join(cacheDir, name), { recursive: true, force: true });
    }
  }
  return template;
}
