import { sql, type Kysely } from 'kysely';

// Not-received cases and the console's working data: what the shopper answered about the address,
// what support recorded, repeat-claim flags, Shopify Payments dispute details and the evidence
// submitted; emails tied to a case; notes on shipments; the carrier's proof-of-delivery fields.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('disputes')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('address_requested_at', 'timestamptz')
    .addColumn('address_answer', 'text')
    .addColumn('address_correction', 'text')
    .addColumn('address_answered_at', 'timestamptz')
    .addColumn('address_confirmed_by', 'uuid', (c) => c.references('support_users.id').onDelete('set null'))
    .addColumn('address_confirmed_at', 'timestamptz')
    .addColumn('repeat_flag', 'jsonb')
    .addColumn('resolved_by', 'uuid', (c) => c.references('support_users.id').onDelete('set null'))
    .addColumn('payment_kind', 'text')
    .addColumn('payment_status', 'text')
    .addColumn('payment_reason', 'text')
    .addColumn('payment_amount', 'text')
    .addColumn('payment_currency', 'text')
    .addColumn('evidence_due_by', 'timestamptz')
    .addColumn('evidence_submit_requested_at', 'timestamptz')
    .addColumn('evidence_submit_error', 'text')
    .addColumn('evidence_submitted_at', 'timestamptz')
    .addColumn('evidence_submitted_by', 'uuid', (c) => c.references('support_users.id').onDelete('set null'))
    .addColumn('delivered_when_opened', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  // One case per Shopify Payments dispute, whichever of webhook and reconciliation sees it first.
  await db.schema
    .createIndex('disputes_shopify_dispute_key')
    .on('disputes')
    .columns(['shop_id', 'shopify_dispute_id'])
    .unique()
    .where(sql.ref('shopify_dispute_id'), 'is not', null)
    .execute();
  // At most one open shopper report per parcel: a double submit opens one case.
  await db.schema
    .createIndex('disputes_open_shopper_key')
    .on('disputes')
    .column('shipment_id')
    .unique()
    .where(sql<boolean>`state = 'open' and source = 'shopper'`)
    .execute();
  await db.schema.createIndex('disputes_queue_idx').on('disputes').columns(['shop_id', 'state', 'opened_at']).execute();

  await db.schema
    .alterTable('notifications')
    .addColumn('dispute_id', 'uuid', (c) => c.references('disputes.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('support_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_id', 'uuid', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('shipment_id', 'uuid', (c) => c.references('shipments.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('support_users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('support_notes_order_idx').on('support_notes').columns(['order_id', 'created_at']).execute();

  await db.schema.alterTable('shipments').addColumn('delivery_proof', 'jsonb').execute();
  // Support stopped tracking by hand: a later sync of the order must not start it again.
  await db.schema.alterTable('shipments').addColumn('tracking_stopped_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shipments').dropColumn('tracking_stopped_at').execute();
  await db.schema.alterTable('shipments').dropColumn('delivery_proof').execute();
  await db.schema.dropTable('support_notes').execute();
  await db.schema.alterTable('notifications').dropColumn('dispute_id').execute();
  await db.schema.dropIndex('disputes_queue_idx').execute();
  await db.schema.dropIndex('disputes_open_shopper_key').execute();
  await db.schema.dropIndex('disputes_shopify_dispute_key').execute();
  for (const column of [
    'delivered_when_opened', 'evidence_submitted_by', 'evidence_submitted_at', 'evidence_submit_error', 'evidence_submit_requested_at', 'evidence_due_by', 'payment_currency', 'payment_amount',
    'payment_reason', 'payment_status', 'payment_kind', 'resolved_by', 'repeat_flag', 'address_confirmed_at', 'address_confirmed_by',
    'address_answered_at', 'address_correction', 'address_answer', 'address_requested_at', 'updated_at',
  ]) {
    await db.schema.alterTable('disputes').dropColumn(column).execute();
  }
}
