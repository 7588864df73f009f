import { recordAudit } from '../../db/audit.repository.ts';
import type { Db } from '../../db/database.ts';
import { hitRateLimit } from '../../db/support-rate-limits.repository.ts';
import { findLiveApiToken, insertApiToken, markApiTokenUsed, revokeApiToken } from '../../db/api-tokens.repository.ts';
import type { DomainContext } from '../context.ts';
import { AppError } from '../../core/errors.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

// Helpdesk API tokens: an admin creates one for a helpdesk sidebar and sees it once; only its SHA-256
// hash is kept. A token works until it is revoked, within SUPPORT_API_RATE_PER_MINUTE requests a minute.

// The support user who acts.
type Actor = { userId: string; email: string };

const TOKEN_PREFIX = 'wbt_';
// last_used_at is for people ("used today?"): written at most once a minute per token.
const TOUCH_EVERY_MS = 60_000;

export async function createApiToken(db: Db, shopId: string, actor: Actor, name: string) {
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const row = await db.transaction().execute(async (trx) => {
    const created = await insertApiToken(trx, { shopId, name, tokenHash: sha256Hex(token), createdBy: actor.userId });
    await recordAudit(trx, { shopId, actorUserId: actor.userId, actor: actor.email, action: 'token.created', subjectKind: 'api_token', subjectId: created.id, details: { name } });
    return created;
  });
  return { id: row.id, name: row.name, token };
}

// false when there is no live token by that id.
export async function revokeToken(db: Db, shopId: string, actor: Actor, tokenId: string, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeApiToken(trx, shopId, tokenId, now);
    if (!revoked) return false;
    await recordAudit(trx, { shopId, actorUserId: actor.userId, actor: actor.email, action: 'token.revoked', subjectKind: 'api_token', subjectId: revoked.id, details: { name: revoked.name } });
    return true;
  });
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match && match[1].startsWith(TOKEN_PREFIX) && match[1].length <= 256 ? match[1] : undefined;
}

const unauthorized = (message: string) => new AppError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer realm="whereabouts-support"' } });

// The live token behind an Authorization header, counted against its rate limit; 401 or 429 otherwise.
export async function authenticateApiToken({ db, shopId, config }: Pick<DomainContext, 'db' | 'shopId' | 'config'>, authorization: string | undefined, now = new Date()) {
  const token = bearerToken(authorization);
  if (!token) throw unauthorized('Send a helpdesk API token as "Authorization: Bearer <token>".');
  const found = await findLiveApiToken(db, shopId, sha256Hex(token));
  if (!found) throw unauthorized('This API token is not valid, or it was revoked.');
  const window = await hitRateLimit(db, shopId, `api-token:${found.id}`, 60, now);
  if (window.hits > config.SUPPORT_API_RATE_PER_MINUTE) {
    const retryAfter = Math.max(1, Math.ceil((window.window_started_at.getTime() + 60_000 - now.getTime()) / 1000));
    throw new AppError('rate_limited', 'Too many requests with this token. Please wait a little and try again.', { headers: { 'Retry-After': String(retryAfter) } });
  }
  if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() >= TOUCH_EVERY_MS) await markApiTokenUsed(db, found.id, now);
  return { id: found.id, name: found.name };
}
