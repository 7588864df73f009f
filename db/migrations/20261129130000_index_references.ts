import { sql, type Kysely } from 'kysely';

// Every column that refers to a shipment, an issue or a case gets an index, so deleting one (an order
// with its parcels, a shop, old data) checks its references by index instead of reading the whole
// referring table for each deleted row: 100,000 orders took minutes on a shop of that size without
// them. Partial: most of these columns are empty, and an equality check never needs the empty rows.
const references: Array<[table: string, column: string]> = [
  ['shipments', 'replaces_shipment_id'],
  ['disputes', 'replacement_shipment_id'],
  ['disputes', 'issue_id'],
  ['notifications', 'issue_id'],
  ['notifications', 'dispute_id'],
  ['support_notes', 'shipment_id'],
];

const indexName = (table: string, column: string) => `${table}_${column}_ref_idx`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of references) {
    await db.schema.createIndex(indexName(table, column)).on(table).column(column).where(sql.ref(column), 'is not', null).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of references) await db.schema.dropIndex(indexName(table, column)).execute();
}
