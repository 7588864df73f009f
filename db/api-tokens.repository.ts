import type { Db, Tx } from './database.ts';

// Helpdesk API tokens: only a hash of each token is stored.

export async function insertApiToken(db: Db | Tx, token: { shopId: string; name: string; tokenHash: string; createdBy: string }) {
  return db
    .insertInto('support_api_tokens')
    .values({ shop_id: token.shopId, name: token.name, token_hash: token.tokenHash, created_by: token.createdBy })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function listApiTokens(db: Db | Tx, shopId: string) {
  return db
    .selectFrom('support_api_tokens as t')
    .leftJoin('support_users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.email as created_by_email'])
    .where('t.shop_id', '=', shopId)
    .orderBy('t.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('t.created_at', 'desc')
    .execute();
}

// Revokes a live token; undefined when there is none by that id (unknown, or revoked already).
export async function revokeApiToken(db: Db | Tx, shopId: string, tokenId: string, now: Date) {
  return db
    .updateTable('support_api_tokens')
    .set({ revoked_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

export async function findLiveApiToken(db: Db | Tx, shopId: string, tokenHash: string) {
  return db
    .selectFrom('support_api_tokens')
    .select(['id', 'name', 'last_used_at'])
    .where('shop_id', '=', shopId)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function markApiTokenUsed(db: Db | Tx, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('support_api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}
