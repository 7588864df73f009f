import { sql, type Kysely } from 'kysely';

// One row that /readyz writes anew (truncated and inserted: a new file that must grow by a page), so a
// database that can no longer extend its files (a full disk) shows in readiness, not only in the 500s
// of the webhooks it cannot store.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('write_probe')
    .addColumn('written_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('write_probe').execute();
}
