import type { Kysely } from 'kysely';

// Where the reconciliation of Shopify Payments disputes has read up to (their initiatedAt).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shops').addColumn('disputes_cursor', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shops').dropColumn('disputes_cursor').execute();
}
