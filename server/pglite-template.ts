import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { openJobQueue } from '../jobs/worker.ts';
import { parseConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';

// A new embedded database starts as a copy of one that already ran initdb, the migrations and
// pg-boss's schema: PGlite's initdb alone takes seconds, a plain copy of the directory a fraction of
// that (PGlite's own loadDataDir writes the files through its emulated file system, about a second
// more). It is built once per install (npm install runs this module's builder) into node_modules/.cache,
// keyed by the migrations and the versions of the packages that shape it, as a directory for starts and
// as a dump for the tests' in-memory databases; a stale or missing one is simply not used, and the
// database is made from scratch as before.

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

function pgliteTemplateFile(): string {
  return path.join(cacheDir, `pglite-template-${pgliteTemplateKey()}.tar.gz`);
}

export function pgliteTemplateDir(): string {
  return path.join(cacheDir, `pglite-template-${pgliteTemplateKey()}`);
}

// Brings a database to what a new one needs: the schema, and pg-boss's own schema and queues.
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const queue = openJobQueue(handle, config, createLogger(config), { worker: false });
  await queue.start();
  await queue.stop(1000);
}

// The current dump, when one has been built for these migrations and packages.
function readPgliteTemplate(): Buffer | undefined {
  const file = pgliteTemplateFile();
  return existsSync(file) ? readFileSync(file) : undefined;
}

// Fills a new PGlite data directory from the template, when there is one; false leaves it to initdb.
export function seedFromPgliteTemplate(pgliteDir: string): boolean {
  const template = pgliteTemplateDir();
  if (!existsSync(path.join(template, 'PG_VERSION'))) return false;
  cpSync(template, pgliteDir, { recursive: true });
  return true;
}

export async function buildPgliteTemplate(): Promise<Buffer> {
  const existing = readPgliteTemplate();
  if (existing && existsSync(pgliteTemplateDir())) return existing;
  mkdirSync(cacheDir, { recursive: true });
  const building = path.join(cacheDir, `building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  const pglite = await PGlite.create(building);
  const handle = wrapPglite(pglite);
  await prepareDatabase(handle);
  const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  await handle.close();
  const file = pgliteTemplateFile();
  writeFileSync(`${file}.${process.pid}`, dump);
  renameSync(`${file}.${process.pid}`, file);
  rmSync(pgliteTemplateDir(), { recursive: true, force: true });
  renameSync(building, pgliteTemplateDir());
  // Templates of older migrations or packages are of no use any more.
  const current = path.basename(pgliteTemplateDir());
  for (const name of readdirSync(cacheDir)) {
    if (name.startsWith('pglite-template-') && !name.startsWith(current)) rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
  return dump;
}
