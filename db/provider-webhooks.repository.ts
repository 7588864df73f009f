import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { ProviderWebhook, ProviderWebhooksTable } from './schema.ts';

// The webhooks the service registered with a provider, and a SHA-256 of the secret it last set on each.

type Provider = ProviderWebhooksTable['provider'];

export interface RememberedWebhook {
  shopId: string;
  provider: Provider;
  externalId: string;
  url: string;
  secretSha256: string;
}

// Runs fn in a transaction that holds a lock per shop and provider, so two processes starting at once
// (two workers, a worker and the connect command) do not both find no webhook and both create one.
// The lock goes with the transaction, also when fn throws. fn calls EasyPost while the transaction is
// open, holding one pooled connection for those few calls, each bounded by EASYPOST_TIMEOUT_MS.
export async function withProviderWebhookLock<T>(db: Db, shopId: string, provider: Provider, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`provider-webhook:${shopId}:${provider}`}, 0))`.execute(trx);
    return fn(trx);
  });
}

export async function findProviderWebhooks(db: Db | Tx, shopId: string, provider: Provider, externalIds: readonly string[]): Promise<ProviderWebhook[]> {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('provider_webhooks')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('provider', '=', provider)
    .where('external_id', 'in', [...externalIds])
    .execute();
}

// Records (or replaces) what the service last set on a provider's webhook.
export async function rememberProviderWebhook(db: Db | Tx, webhook: RememberedWebhook): Promise<void> {
  await db
    .insertInto('provider_webhooks')
    .values({
      shop_id: webhook.shopId,
      provider: webhook.provider,
      external_id: webhook.externalId,
      url: webhook.url,
      secret_sha256: webhook.secretSha256,
    })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'provider', 'external_id']).doUpdateSet({ url: webhook.url, secret_sha256: webhook.secretSha256, updated_at: sql`now()` }),
    )
    .execute();
}
