import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';

// The fixed-window counters in support_rate_limits that rate limit sign-ins and helpdesk API calls.

const iso = (date: Date) => date.toISOString();

// Failed sign-ins per email, known or not, in support_rate_limits: `hits` counts the failures in a row
// and `window_started_at` is when the latest one was counted. The failure that reaches `lockAfter`
// locks the email for `lockSeconds` from that moment; failures during a lock are not counted; after a
// lock, or a day without failures, counting starts again. One rule for every email, so the lock
// tells nothing about which emails have accounts.
function signInLock(lockAfter: number, lockSeconds: number, now: Date) {
  const lockedSince = iso(new Date(now.getTime() - lockSeconds * 1000));
  const forgottenBefore = iso(new Date(now.getTime() - Math.max(lockSeconds, 86_400) * 1000));
  return {
    locked: sql<boolean>`(support_rate_limits.hits >= ${lockAfter} and support_rate_limits.window_started_at > ${lockedSince}::timestamptz)`,
    restart: sql<boolean>`(support_rate_limits.hits >= ${lockAfter} or support_rate_limits.window_started_at <= ${forgottenBefore}::timestamptz)`,
  };
}

export async function recordSignInFailure(db: Db | Tx, shopId: string, key: string, lockAfter: number, lockSeconds: number, now: Date) {
  const { locked, restart } = signInLock(lockAfter, lockSeconds, now);
  const row = await db
    .insertInto('support_rate_limits')
    .values({ shop_id: shopId, key, window_started_at: now, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'key']).doUpdateSet({
        hits: sql`case when ${locked} then support_rate_limits.hits when ${restart} then 1 else support_rate_limits.hits + 1 end`,
        window_started_at: sql`case when ${locked} then support_rate_limits.window_started_at else ${iso(now)}::timestamptz end`,
      }),
    )
    .returning(['hits', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { lockedUntil: row.hits >= lockAfter ? new Date(row.window_started_at.getTime() + lockSeconds * 1000) : null };
}

// When the lock on `key` ends, if it is locked now.
export async function signInLockedUntil(db: Db | Tx, shopId: string, key: string, lockAfter: number, lockSeconds: number, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('support_rate_limits')
    .select('window_started_at')
    .where('shop_id', '=', shopId)
    .where('key', '=', key)
    .where('hits', '>=', lockAfter)
    .where('window_started_at', '>', new Date(now.getTime() - lockSeconds * 1000))
    .executeTakeFirst();
  return row ? new Date(row.window_started_at.getTime() + lockSeconds * 1000) : null;
}

export async function clearRateLimit(db: Db | Tx, shopId: string, key: string): Promise<void> {
  await db.deleteFrom('support_rate_limits').where('shop_id', '=', shopId).where('key', '=', key).execute();
}

// Counts one hit against `key` in a fixed window of `windowSeconds`, atomically; returns the hits in
// the current window and when it started.
export async function hitRateLimit(db: Db | Tx, shopId: string, key: string, windowSeconds: number, now: Date) {
  const expired = sql`support_rate_limits.window_started_at <= ${iso(new Date(now.getTime() - windowSeconds * 1000))}::timestamptz`;
  return db
    .insertInto('support_rate_limits')
    .values({ shop_id: shopId, key, window_started_at: now, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'key']).doUpdateSet({
        hits: sql`case when ${expired} then 1 else support_rate_limits.hits + 1 end`,
        window_started_at: sql`case when ${expired} then ${iso(now)}::timestamptz else support_rate_limits.window_started_at end`,
      }),
    )
    .returning(['hits', 'window_started_at'])
    .executeTakeFirstOrThrow();
}

// The hits in the current window, without counting one.
export async function peekRateLimit(db: Db | Tx, shopId: string, key: string, windowSeconds: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom('support_rate_limits')
    .select('hits')
    .where('shop_id', '=', shopId)
    .where('key', '=', key)
    .where('window_started_at', '>', new Date(now.getTime() - windowSeconds * 1000))
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function pruneRateLimits(db: Db | Tx, shopId: string, startedBefore: Date): Promise<void> {
  await db.deleteFrom('support_rate_limits').where('shop_id', '=', shopId).where('window_started_at', '<', startedBefore).execute();
}
