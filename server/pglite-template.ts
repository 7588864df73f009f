import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { openJobQueue } from '../jobs/worker.ts';
import { parseConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';

// A new embedded database starts from a dump of one that already ran initdb, the migrations and
// pg-boss's schema: PGlite's initdb alone takes seconds, loading the dump a fraction of that. The dump
// is built once per install (npm install runs this module's builder) into node_modules/.cache, keyed by
// the migrations and the versions of the packages that shape it; a stale or missing one is simply
// not used, and the database is made from scratch as before.

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(root, 'node_modules/.cache/whereabouts');

export function pgliteTemplateKey(): string {
  const hash = createHash('sha256');
  const migrations = path.join(root, 'db/migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)));
  for (const pkg of ['@electric-sql/pglite', 'pg-boss', 'kysely']) {
    hash.update(readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex').slice(0, 16);
}

export function pgliteTemplateFile(): string {
  return path.join(cacheDir, `pglite-template-${pgliteTemplateKey()}.tar.gz`);
}

// Brings a database to what a new one needs: the schema, and pg-boss's own schema and queues.
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const queue = openJobQueue(handle, config, createLogger(config), { worker: false });
  await queue.start();
  await queue.stop(1000);
}

// The current template, when one has been built for these migrations and packages.
export function readPgliteTemplate(): Buffer | undefined {
  const file = pgliteTemplateFile();
  return existsSync(file) ? readFileSync(file) : undefined;
}

export async function buildPgliteTemplate(): Promise<Buffer> {
  const existing = readPgliteTemplate();
  if (existing) return existing;
  const pglite = await PGlite.create();
  const handle = wrapPglite(pglite);
  await prepareDatabase(handle);
  const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  await handle.close();
  mkdirSync(cacheDir, { recursive: true });
  const file = pgliteTemplateFile();
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, dump);
  renameSync(partial, file);
  return dump;
}
