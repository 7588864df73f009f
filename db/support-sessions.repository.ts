import type { Db, Tx } from './database.ts';

// Support console sessions: only a hash of the cookie's token is stored.

export async function insertSupportSession(db: Db | Tx, session: { shopId: string; userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }) {
  return db
    .insertInto('support_sessions')
    .values({ shop_id: session.shopId, user_id: session.userId, token_hash: session.tokenHash, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .returning(['id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

// A session that has not expired, of a user who is not disabled.
export async function findLiveSession(db: Db | Tx, shopId: string, tokenHash: string, now: Date) {
  return db
    .selectFrom('support_sessions as s')
    .innerJoin('support_users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.csrf_token as csrfToken', 's.created_at as createdAt', 's.last_seen_at as lastSeenAt', 'u.id as userId', 'u.email', 'u.role'])
    .where('s.shop_id', '=', shopId)
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db | Tx, sessionId: string, seenAt: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('support_sessions').set({ last_seen_at: seenAt, expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Db | Tx, sessionId: string): Promise<void> {
  await db.deleteFrom('support_sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Db | Tx, shopId: string, now: Date): Promise<void> {
  await db.deleteFrom('support_sessions').where('shop_id', '=', shopId).where('expires_at', '<=', now).execute();
}
