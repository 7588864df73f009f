import { sql, type Kysely } from 'kysely';

// What the tracking engine needs to order snapshots, schedule checks and hand them to workers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('shipments')
    .addColumn('last_event_at', 'timestamptz')
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_change_at', 'timestamptz')
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('checks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('check_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('check_leased_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.alterTable('shipments').renameColumn('snapshot_at', 'tracker_updated_at').execute();
  await db.schema.createIndex('shipments_tracker_idx').on('shipments').column('tracker_id').execute();
  await db.schema.alterTable('webhook_receipts').addColumn('payload', 'jsonb').execute();
  await sql`comment on column shipments.attention is 'why support should look: invalid_tracking_code, carrier_mismatch, tracking_expired, carrier_unauthorized'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_receipts').dropColumn('payload').execute();
  await db.schema.dropIndex('shipments_tracker_idx').execute();
  await db.schema.alterTable('shipments').renameColumn('tracker_updated_at', 'snapshot_at').execute();
  await db.schema
    .alterTable('shipments')
    .dropColumn('last_event_at')
    .dropColumn('event_count')
    .dropColumn('last_change_at')
    .dropColumn('last_checked_at')
    .dropColumn('checks')
    .dropColumn('check_failures')
    .dropColumn('check_leased_until')
    .dropColumn('last_error')
    .execute();
}
