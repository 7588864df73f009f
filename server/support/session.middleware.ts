import type { RequestHandler } from 'express';
import { findLiveSession } from '../../db/support-sessions.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { csrfTokenMatches, parseForm } from './csrf.ts';
import { sendSupportError } from './pages.ts';
import { attachSupportContext, type SupportPrincipal, type SupportRequestContext } from './request-context.ts';
import { slideSession } from '../../domain/console/sessions.ts';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from './session-cookie.ts';
import { sha256Hex } from '../../domain/console/secrets.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Runs before every request under /support: finds the session behind the cookie (sliding its expiry),
// and refuses any state-changing request that does not carry the session's CSRF token. The sign-in
// post is the one exception: it has no session yet and checks its own token (see csrf.ts).
export function supportSessionMiddleware(services: AppServices): RequestHandler {
  const { db, config, shopId } = services;
  const page = { shopName: config.SHOP_NAME ?? 'Whereabouts', demo: services.demo === true };

  async function principalFor(token: string | undefined): Promise<SupportPrincipal | null> {
    if (!token) return null;
    const now = new Date();
    const session = await findLiveSession(db, shopId, sha256Hex(token), now);
    if (!session) return null;
    await slideSession(db, session, config, now);
    return { userId: session.userId, email: session.email, role: session.role, sessionId: session.sessionId, csrfToken: session.csrfToken };
  }

  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    const principal = await principalFor(token);
    if (token && !principal) clearSessionCookie(res, config);
    const context: SupportRequestContext = { page, principal };
    attachSupportContext(req, context);
    if (SAFE_METHODS.has(req.method)) return next();

    await parseForm(req, res);
    if (req.method === 'POST' && req.path === '/login') return next();
    if (!principal) return sendSupportError(req, res, context, new AppError('unauthorized', 'Your session has ended. Sign in again to continue.'));
    if (!csrfTokenMatches(req, principal.csrfToken)) {
      services.logger.warn({ method: req.method, path: req.originalUrl.split('?')[0], userId: principal.userId }, 'support request refused: missing or wrong CSRF token');
      return sendSupportError(req, res, context, new AppError('forbidden', 'This form has expired or did not come from the console. Reload the page and try again.'));
    }
    next();
  };
}
