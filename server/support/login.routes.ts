import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { deleteSession } from '../../db/support-sessions.repository.ts';
import type { AppServices } from '../services.ts';
import { clientIp } from '../client-ip.ts';
import { currentSupportUser } from './auth.ts';
import { issueLoginCsrf, loginCsrfMatches } from './csrf.ts';
import { renderSupportPage } from './pages.ts';
import { supportContextOf } from './request-context.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { signIn } from '../../domain/console/sign-in.ts';
import { endSession } from '../../domain/console/sessions.ts';

export const INVALID_LOGIN_MESSAGE = 'That email and password do not match an account. Check both and try again.';
export const LOCKED_MESSAGE = 'Too many attempts, try again later.';
const EXPIRED_FORM_MESSAGE = 'The sign-in form expired. Please try again.';

const loginForm = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  next: z.string().max(2048).optional(),
});

// Only a path inside the console: never another site, never a protocol-relative "//host".
function safeNext(next: string | undefined): string {
  return next && /^\/support(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/support';
}

export function loginRoutes(services: AppServices): Router {
  const router = Router();
  const { config, secretKey } = services;

  function loginPage(req: Request, res: Response, view: { status?: number; message?: string; email?: string; next?: string }) {
    const context = supportContextOf(req)!;
    renderSupportPage(req, res, { page: context.page, principal: null }, {
      name: 'support-login',
      title: 'Sign in',
      status: view.status,
      data: { message: view.message, email: view.email ?? '', next: safeNext(view.next), csrf: issueLoginCsrf(res, config, secretKey) },
    });
  }

  router.get('/support/login', (req, res) => {
    if (supportContextOf(req)?.principal) return res.redirect(303, '/support');
    loginPage(req, res, { next: typeof req.query.next === 'string' ? req.query.next : undefined });
  });

  router.post('/support/login', async (req, res) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const form = loginForm.safeParse(raw);
    const email = typeof raw.email === 'string' ? raw.email.slice(0, 254) : '';
    const next = typeof raw.next === 'string' ? raw.next : undefined;
    if (!loginCsrfMatches(req, secretKey)) return loginPage(req, res, { status: 403, message: EXPIRED_FORM_MESSAGE, email, next });
    if (!form.success) return loginPage(req, res, { status: 400, message: 'Enter your email and your password.', email, next });

    const result = await signIn(services, { email: form.data.email, password: form.data.password, ip: clientIp(req) ?? 'unknown' });
    if (!result.ok) {
      const locked = result.reason !== 'invalid';
      if (locked) res.set('Retry-After', String(Math.ceil(config.SUPPORT_LOCKOUT_MINUTES * 60)));
      return loginPage(req, res, { status: locked ? 429 : 401, message: locked ? LOCKED_MESSAGE : INVALID_LOGIN_MESSAGE, email, next });
    }
    const previous = supportContextOf(req)?.principal;
    if (previous) await deleteSession(services.db, previous.sessionId);
    setSessionCookie(res, config, result.session.token, result.session.endsBy);
    res.redirect(303, safeNext(form.data.next));
  });

  // The session middleware has checked the session and its CSRF token before this runs.
  router.post('/support/logout', async (req, res) => {
    await endSession(services, currentSupportUser(req));
    clearSessionCookie(res, config);
    res.redirect(303, '/support/login');
  });

  return router;
}
