import { sql, type Kysely } from 'kysely';

// What delivery analytics and the learned estimate read: when a parcel was shipped (the fulfillment's
// creation, the label), the carrier's service, its first scan, the first delivery date the carrier
// gave and the one the shop's own history gave; how often shoppers looked up each order, per day; and
// the learned estimates themselves. Existing rows are filled from what is already stored.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('shipments')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('service', 'text')
    .addColumn('first_scan_at', 'timestamptz')
    .addColumn('first_est_delivery_at', 'timestamptz')
    .addColumn('learned_est_delivery_at', 'timestamptz')
    .execute();
  await sql`update shipments set shipped_at = created_at, first_est_delivery_at = est_delivery_at,
              service = nullif(delivery_proof->>'service', '')`.execute(db);
  await sql`update shipments s set first_scan_at = e.first_scan
            from (select shipment_id, min(occurred_at) as first_scan from tracking_events
                  where status not in ('pre_transit', 'unknown') and occurred_at is not null group by shipment_id) e
            where e.shipment_id = s.id`.execute(db);
  await sql`alter table shipments alter column shipped_at set default now(), alter column shipped_at set not null`.execute(db);
  await db.schema.createIndex('shipments_shipped_idx').on('shipments').columns(['shop_id', 'shipped_at']).execute();
  await db.schema.createIndex('shipments_delivered_idx').on('shipments').columns(['shop_id', 'delivered_at']).where(sql.ref('delivered_at'), 'is not', null).execute();
  // Emails about the parcels shipped in a period were written since its start; emails about a whole
  // order (no one parcel) are found by their order, which also keeps deleting an order (its cascade)
  // from reading every email.
  await db.schema.createIndex('notifications_created_idx').on('notifications').columns(['shop_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_order_idx').on('notifications').column('order_id').execute();

  await db.schema
    .createTable('order_lookups')
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_id', 'uuid', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('lookups', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_lookups_pkey', ['shop_id', 'day', 'order_id'])
    .execute();
  await db.schema.createIndex('order_lookups_order_idx').on('order_lookups').column('order_id').execute();

  await db.schema
    .createTable('delivery_estimates')
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('days', 'double precision', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_estimates_pkey', ['shop_id', 'carrier', 'service', 'lane'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivery_estimates').execute();
  await db.schema.dropTable('order_lookups').execute();
  await db.schema.dropIndex('notifications_order_idx').execute();
  await db.schema.dropIndex('notifications_created_idx').execute();
  await db.schema.dropIndex('shipments_delivered_idx').execute();
  await db.schema.dropIndex('shipments_shipped_idx').execute();
  await db.schema
    .alterTable('shipments')
    .dropColumn('shipped_at')
    .dropColumn('service')
    .dropColumn('first_scan_at')
    .dropColumn('first_est_delivery_at')
    .dropColumn('learned_est_delivery_at')
    .execute();
}
