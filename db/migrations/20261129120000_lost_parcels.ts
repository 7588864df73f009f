import { sql, type Kysely } from 'kysely';

// Presumed-lost parcels: a stall episode remembers when its promised follow-up was decided; a lost
// case (a dispute with source 'lost') names the episode that opened it and the replacement parcel it
// was resolved with; a replacement parcel names the one it replaces, so an order sync that does not
// know it (support made it, not a Shopify fulfillment) leaves it tracked.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shipment_issues').addColumn('followed_up_at', 'timestamptz').execute();
  await db.schema
    .alterTable('shipments')
    .addColumn('replaces_shipment_id', 'uuid', (c) => c.references('shipments.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('disputes')
    .addColumn('issue_id', 'uuid', (c) => c.references('shipment_issues.id').onDelete('set null'))
    .addColumn('replacement_shipment_id', 'uuid', (c) => c.references('shipments.id').onDelete('set null'))
    .execute();
  // One open lost case per parcel, however often its episodes turn over.
  await db.schema
    .createIndex('disputes_open_lost_key')
    .on('disputes')
    .column('shipment_id')
    .unique()
    .where(sql<boolean>`state = 'open' and source = 'lost'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('disputes_open_lost_key').execute();
  await db.schema.alterTable('disputes').dropColumn('replacement_shipment_id').dropColumn('issue_id').execute();
  await db.schema.alterTable('shipments').dropColumn('replaces_shipment_id').execute();
  await db.schema.alterTable('shipment_issues').dropColumn('followed_up_at').execute();
}
