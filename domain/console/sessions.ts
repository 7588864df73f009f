import { recordAudit } from '../../db/audit.repository.ts';
import type { Db } from '../../db/database.ts';
import { deleteSession, extendSession, insertSupportSession } from '../../db/support-sessions.repository.ts';
import type { Config } from '../../core/config.ts';
import type { DomainContext } from '../context.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

// Console sessions live in the database (support_sessions): the browser holds a random token (in an
// HttpOnly cookie, server/support/session-cookie.ts) and the row holds only its SHA-256 hash. A
// session ends after SUPPORT_SESSION_IDLE_HOURS without a request, and SUPPORT_SESSION_MAX_DAYS after
// sign-in whatever happens; each request slides the idle deadline.

// Sliding the deadline is a write: at most once a minute per session.
const EXTEND_EVERY_MS = 60_000;

export type SessionConfig = Pick<Config, 'PUBLIC_URL' | 'SUPPORT_SESSION_IDLE_HOURS' | 'SUPPORT_SESSION_MAX_DAYS'>;

function absoluteEnd(createdAt: Date, config: SessionConfig): Date {
  return new Date(createdAt.getTime() + config.SUPPORT_SESSION_MAX_DAYS * 86_400_000);
}

function idleEnd(now: Date, createdAt: Date, config: SessionConfig): Date {
  const idle = new Date(now.getTime() + config.SUPPORT_SESSION_IDLE_HOURS * 3_600_000);
  const absolute = absoluteEnd(createdAt, config);
  return idle < absolute ? idle : absolute;
}

export async function startSession(db: Db, shopId: string, userId: string, config: SessionConfig, now = new Date()) {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = idleEnd(now, now, config);
  const row = await insertSupportSession(db, { shopId, userId, tokenHash: sha256Hex(token), csrfToken, expiresAt });
  return { sessionId: row.id, token, csrfToken, endsBy: absoluteEnd(now, config) };
}

// Moves the idle deadline forward, never past the absolute one.
export async function slideSession(db: Db, session: { sessionId: string; createdAt: Date; lastSeenAt: Date }, config: SessionConfig, now = new Date()): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < EXTEND_EVERY_MS) return;
  await extendSession(db, session.sessionId, now, idleEnd(now, session.createdAt, config));
}

// Signing out: the session ends at once, whatever its deadlines.
export async function endSession({ db, shopId }: Pick<DomainContext, 'db' | 'shopId'>, session: { sessionId: string; userId: string; email: string }): Promise<void> {
  await deleteSession(db, session.sessionId);
  await recordAudit(db, { shopId, actorUserId: session.userId, actor: session.email, action: 'logout', subjectKind: 'support_session', subjectId: session.sessionId });
}
