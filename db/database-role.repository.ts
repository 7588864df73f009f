import { sql } from 'kysely';
import type { Db } from './database.ts';

// The role the service connects as, and whether it is a superuser: one may run programs on the
// database server (COPY … TO PROGRAM), so a single SQL injection would become command execution.
export async function connectedRole(db: Db): Promise<{ name: string; superuser: boolean }> {
  const { rows } = await sql<{ name: string; superuser: boolean }>`
    select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  return rows[0];
}
