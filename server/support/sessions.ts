import type { CookieOptions, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Db } from '../../db/database.ts';
import { extendSession, insertSupportSession } from '../../db/support-sessions.repository.ts';
import type { Config } from '../../core/config.ts';
import { randomSecret, sha256Hex } from '../../domain/console/secrets.ts';

// Console sessions live in the database (support_sessions): the browser holds a random token in an
// HttpOnly cookie and the row holds only its SHA-256 hash. A session ends after
// SUPPORT_SESSION_IDLE_HOURS without a request, and SUPPORT_SESSION_MAX_DAYS after sign-in whatever
// happens; each request slides the idle deadline.

export const SESSION_COOKIE = 'wb_session';
const COOKIE_PATH = '/support';
// Sliding the deadline is a write: at most once a minute per session.
const EXTEND_EVERY_MS = 60_000;

type SessionConfig = Pick<Config, 'PUBLIC_URL' | 'SUPPORT_SESSION_IDLE_HOURS' | 'SUPPORT_SESSION_MAX_DAYS'>;

export function cookieOptions(config: Pick<Config, 'PUBLIC_URL'>, path = COOKIE_PATH): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.PUBLIC_URL.startsWith('https:'), path };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

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

// The browser forgets the cookie when the session can no longer live (the absolute limit).
export function setSessionCookie(res: Response, config: SessionConfig, token: string, endsBy: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: endsBy });
}

export function clearSessionCookie(res: Response, config: Pick<Config, 'PUBLIC_URL'>): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
