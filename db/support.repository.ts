import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { SupportUsersTable } from './schema.ts';

// Support console accounts, their sessions, helpdesk API tokens, the fixed-window counters that rate
// limit sign-ins and API calls, and what the console and the helpdesk sidebar read.

export type SupportRole = SupportUsersTable['role'];

const iso = (date: Date) => date.toISOString();

export async function insertSupportUser(db: Db | Tx, user: { shopId: string; email: string; passwordHash: string; role: SupportRole }) {
  // Emails are unique per shop whatever their case (a unique index on lower(email)): a duplicate inserts nothing.
  return db
    .insertInto('support_users')
    .values({ shop_id: user.shopId, email: user.email, password_hash: user.passwordHash, role: user.role })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'email', 'role', 'created_at'])
    .executeTakeFirst();
}

export async function findSupportUserByEmail(db: Db | Tx, shopId: string, email: string) {
  return db
    .selectFrom('support_users')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

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

export async function setSupportUserPassword(db: Db | Tx, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('support_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

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

// What the console's front page counts: open issues by kind, shipments needing attention by reason,
// and notifications that failed to send.
export async function supportConsoleCounts(db: Db | Tx, shopId: string) {
  const openIssues = await db
    .selectFrom('shipment_issues')
    .select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .where('cleared_at', 'is', null)
    .groupBy('kind')
    .execute();
  const attention = await db
    .selectFrom('shipments')
    .select(['attention', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .where('attention', 'is not', null)
    .where('retired_at', 'is', null)
    .groupBy('attention')
    .execute();
  const failed = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('shop_id', '=', shopId)
    .where('state', '=', 'failed')
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('disputes')
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) filter (where source = 'payment'))::int`.as('payment'),
      sql<number>`(count(*) filter (where repeat_flag is not null))::int`.as('repeat'),
    ])
    .where('shop_id', '=', shopId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    openIssues,
    attention,
    failedNotifications: Number(failed.count),
    openCases: { open: Number(cases.open), payment: Number(cases.payment), repeat: Number(cases.repeat) },
  };
}

// A customer's latest orders by email (any case), each with its current parcels and their open issues.
export async function ordersWithShipmentsByEmail(db: Db | Tx, shopId: string, email: string, limit = 50) {
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'name', 'created_at', 'cancelled_at'])
    .where('shop_id', '=', shopId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (orders.length === 0) return [];
  const shipments = await db
    .selectFrom('shipments')
    .select(['id', 'order_id', 'carrier', 'declared_carrier', 'tracking_code', 'status', 'public_url', 'tracking_url', 'est_delivery_at', 'delivered_at'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .execute();
  const openIssues = shipments.length
    ? await db
        .selectFrom('shipment_issues')
        .select(['shipment_id', 'kind'])
        .where(
          'shipment_id',
          'in',
          shipments.map((s) => s.id),
        )
        .where('cleared_at', 'is', null)
        .orderBy('opened_at')
        .execute()
    : [];
  const cases = await db
    .selectFrom('disputes')
    .select(['id', 'order_id', 'source', 'state', 'resolution', 'opened_at', 'payment_kind', 'evidence_due_by'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('opened_at')
    .execute();
  return orders.map((order) => ({
    order,
    shipments: shipments
      .filter((s) => s.order_id === order.id)
      .map((shipment) => ({ shipment, issues: openIssues.filter((i) => i.shipment_id === shipment.id).map((i) => i.kind) })),
    cases: cases.filter((c) => c.order_id === order.id),
  }));
}

// Who is who, for pages that name the support users who acted.
export async function supportUserEmails(db: Db | Tx, shopId: string, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('support_users').select(['id', 'email']).where('shop_id', '=', shopId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}
