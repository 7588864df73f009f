import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Db } from './database.ts';

const migrationFolder = fileURLToPath(new URL('./migrations', import.meta.url));

function migratorFor(db: Db): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
}

export class MigrationError extends Error {
  constructor(failed: string | undefined, cause: unknown) {
    super(`Migration ${failed ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) throw new MigrationError(results?.find((r) => r.status === 'Error')?.migrationName, error);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

// Applies every pending migration; returns the names applied now.
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateDown());
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).map((m) => m.name);
}
