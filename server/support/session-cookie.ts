import type { CookieOptions, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../../core/config.ts';
import type { SessionConfig } from '../../domain/console/sessions.ts';

// The console session's cookie: the random token of a session (domain/console/sessions.ts), HttpOnly,
// sent only under /support.

export const SESSION_COOKIE = 'wb_session';
const COOKIE_PATH = '/support';

export function cookieOptions(config: Pick<Config, 'PUBLIC_URL'>, path = COOKIE_PATH): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.PUBLIC_URL.startsWith('https:'), path };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

// The browser forgets the cookie when the session can no longer live (the absolute limit).
export function setSessionCookie(res: Response, config: SessionConfig, token: string, endsBy: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: endsBy });
}

export function clearSessionCookie(res: Response, config: Pick<Config, 'PUBLIC_URL'>): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
