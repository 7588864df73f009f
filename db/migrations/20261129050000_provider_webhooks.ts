import { sql, type Kysely } from 'kysely';

// The webhooks the service registered with a provider (EasyPost) and a SHA-256 of the secret it last
// set on each: the provider never shows a secret back, so this is how a later run knows whether the
// configured secret is already the one in force.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_webhooks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('provider_webhooks_external_id', ['shop_id', 'provider', 'external_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_webhooks').execute();
}
