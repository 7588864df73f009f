import express, { type Request, type Response } from 'express';
import { createHmac } from 'node:crypto';
import type { Config } from '../../core/config.ts';
import { readCookie, cookieOptions } from './session-cookie.ts';
import { randomSecret, sameSecret } from '../../domain/console/secrets.ts';
import { withoutNul } from '../../core/text.ts';

// CSRF protection for every state-changing request under /support.
// - Signed in: a synchronizer token. Each session row carries a random csrf_token; every POST, PUT,
//   PATCH or DELETE must echo it in the `_csrf` form field or the X-CSRF-Token header.
// - The sign-in form (no session yet): a signed double-submit. The page sets a random nonce in a
//   short-lived HttpOnly cookie and puts HMAC(SECRET_KEY, nonce) in the form; the post must carry both.
// SameSite=Lax on the cookies is a second line, not the defence.

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const LOGIN_NONCE_COOKIE = 'wb_login_csrf';
const LOGIN_PATH = '/support/login';

// Console forms are small: a note, a few fields, a list of checkboxes.
const formParser = express.urlencoded({ extended: false, limit: '100kb' });

// Parses an HTML form body once (JSON bodies are parsed app-wide before the console's routes).
export function parseForm(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void formParser(req, res, (error?: unknown) => {
      if (error) return reject(error);
      if (req.body && typeof req.body === 'object') req.body = withoutNul(req.body);
      resolve();
    });
  });
}

export function submittedCsrfToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const header = req.get(CSRF_HEADER);
  return header || undefined;
}

export function csrfTokenMatches(req: Request, expected: string): boolean {
  const given = submittedCsrfToken(req);
  return given !== undefined && sameSecret(given, expected);
}

function loginMac(secretKey: string, nonce: string): string {
  return createHmac('sha256', secretKey).update(`support-login:${nonce}`).digest('base64url');
}

// A fresh nonce cookie for the sign-in form; returns the value the form must carry.
export function issueLoginCsrf(res: Response, config: Pick<Config, 'PUBLIC_URL'>, secretKey: string): string {
  const nonce = randomSecret(24);
  res.cookie(LOGIN_NONCE_COOKIE, nonce, { ...cookieOptions(config, LOGIN_PATH), maxAge: 2 * 3_600_000 });
  return loginMac(secretKey, nonce);
}

export function loginCsrfMatches(req: Request, secretKey: string): boolean {
  const nonce = readCookie(req, LOGIN_NONCE_COOKIE);
  const given = submittedCsrfToken(req);
  return Boolean(nonce && given) && sameSecret(given!, loginMac(secretKey, nonce!));
}
