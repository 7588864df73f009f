import { sql, type Kysely } from 'kysely';

// The support console's foundation: helpdesk API tokens (kept only as SHA-256 hashes), fixed-window
// counters that rate limit logins per IP and API calls per token, and the indexes sessions need.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid', (c) => c.references('support_users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('support_api_tokens_shop_idx').on('support_api_tokens').columns(['shop_id', 'created_at']).execute();

  await db.schema
    .createTable('support_rate_limits')
    .addColumn('shop_id', 'uuid', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_rate_limits_pkey', ['shop_id', 'key'])
    .execute();

  await db.schema.createIndex('support_sessions_user_idx').on('support_sessions').column('user_id').execute();
  await db.schema.createIndex('support_sessions_expires_idx').on('support_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('support_sessions_expires_idx').execute();
  await db.schema.dropIndex('support_sessions_user_idx').execute();
  await db.schema.dropTable('support_rate_limits').execute();
  await db.schema.dropTable('support_api_tokens').execute();
}
