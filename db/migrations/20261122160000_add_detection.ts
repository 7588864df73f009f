import { sql, type Kysely } from 'kysely';

// Detection: issues (a stall, a lateness…) open and clear in episodes; learned stall thresholds per
// carrier; and addresses that must not be emailed (opted out, bounced permanently).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipment_issues')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('shipment_id', 'uuid', (c) => c.notNull().references('shipments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('episode', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cleared_at', 'timestamptz')
    .addColumn('details', 'jsonb')
    .addUniqueConstraint('shipment_issues_episode_key', ['shipment_id', 'kind', 'episode'])
    .execute();
  await db.schema
    .createIndex('shipment_issues_open_idx')
    .on('shipment_issues')
    .columns(['shop_id', 'kind'])
    .where(sql.ref('cleared_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('carrier_thresholds')
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('stall_hours', 'double precision', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('percentile_hours', 'double precision', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('carrier_thresholds_pkey', ['shop_id', 'carrier', 'scope'])
    .execute();

  await db.schema
    .createTable('email_suppressions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('email_suppressions_key')
    .on('email_suppressions')
    .unique()
    .expression(sql`shop_id, lower(email), reason`)
    .execute();

  await db.schema.alterTable('notifications').addColumn('issue_id', 'uuid', (c) => c.references('shipment_issues.id').onDelete('set null')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('issue_id').execute();
  await db.schema.dropTable('email_suppressions').execute();
  await db.schema.dropTable('carrier_thresholds').execute();
  await db.schema.dropTable('shipment_issues').execute();
}
