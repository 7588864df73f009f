import { sql, type Kysely } from 'kysely';

// Write-back of tracking to Shopify: one row per fulfillment event to post, so each is posted once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fulfillment_event_posts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('shipment_id', 'uuid', (c) => c.notNull().references('shipments.id').onDelete('cascade'))
    .addColumn('fulfillment_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('happened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('details', 'jsonb')
    .addColumn('shopify_event_id', 'text')
    .addColumn('posted_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('fulfillment_event_posts_once', ['shipment_id', 'status', 'happened_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fulfillment_event_posts').execute();
}
