import { sql, type Kysely } from 'kysely';

// The shopper's lookup finds an order by what was typed ("#1001", "1001"): by upper-cased name or by
// number, each through an index. ANALYZE gives the planner statistics for the new expression index
// at once (the embedded database has no autovacuum to do it later).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('orders_shop_upper_name_idx').on('orders').expression(sql`shop_id, upper(name)`).execute();
  await db.schema.createIndex('orders_shop_number_idx').on('orders').columns(['shop_id', 'number']).execute();
  await db.schema.createIndex('shipment_issues_shipment_idx').on('shipment_issues').column('shipment_id').execute();
  await sql`analyze orders`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('shipment_issues_shipment_idx').execute();
  await db.schema.dropIndex('orders_shop_number_idx').execute();
  await db.schema.dropIndex('orders_shop_upper_name_idx').execute();
}
