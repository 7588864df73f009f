import type { Request, RequestHandler } from 'express';
import type { SupportRole } from '../../db/support-users.repository.ts';
import { AppError } from '../../core/errors.ts';
import { CSRF_FIELD } from './csrf.ts';
import { sendSupportError, wantsHtml } from './pages.ts';
import { supportContextOf, type SupportPrincipal } from './request-context.ts';

// The support console's access control, for every router under /support:
//
//   requireSupportUser(options?)  middleware: a signed-in, enabled support user, or
//                                 - a page request → 303 to /support/login?next=…
//                                 - anything else  → 401 { error: { code: 'unauthorized', … } }
//                                 With { role: 'admin' }, an agent gets 403 (a page or the JSON shape).
//   currentSupportUser(req)       the signed-in user: { userId, email, role, sessionId, csrfToken };
//                                 throws 401 when there is none (use it behind requireSupportUser).
//   csrfField(req)                { name: '_csrf', value } for a hidden input in every form that posts:
//                                 <input type="hidden" name="{{csrf.name}}" value="{{csrf.value}}">.
//                                 Programs send the same value in the X-CSRF-Token header.
//
// CSRF is checked for you: the session middleware (mounted by supportRoutes, which app.ts mounts
// before the other console routers) refuses any POST, PUT, PATCH or DELETE under /support without the
// session's token (403), before a route runs. Form bodies (urlencoded) are parsed by then too.
//
// Pages in the console's layout (section navigation, account box with the sign-out button): see
// renderConsolePage in ./pages.ts, and include {{> support-account}} in a server/views/support-*.hbs.

export type { SupportPrincipal, SupportRole };
export { CSRF_FIELD };

export function requireSupportUser(options: { role?: 'admin' } = {}): RequestHandler {
  return (req, res, next) => {
    const context = supportContextOf(req);
    if (!context) {
      return next(new Error('requireSupportUser: the support session middleware did not run; mount supportRoutes before this router, under /support'));
    }
    const { principal } = context;
    if (!principal) {
      if (req.method === 'GET' && wantsHtml(req)) {
        return res.redirect(303, `/support/login?${new URLSearchParams({ next: req.originalUrl })}`);
      }
      return sendSupportError(req, res, context, new AppError('unauthorized', 'Sign in to the support console first.'));
    }
    if (options.role === 'admin' && principal.role !== 'admin') {
      return sendSupportError(req, res, context, new AppError('forbidden', 'Only an admin can do this.'));
    }
    next();
  };
}

export function currentSupportUser(req: Request): SupportPrincipal {
  const principal = supportContextOf(req)?.principal;
  if (!principal) throw new AppError('unauthorized', 'Sign in to the support console first.');
  return principal;
}

export function csrfField(req: Request): { name: string; value: string } {
  return { name: CSRF_FIELD, value: currentSupportUser(req).csrfToken };
}
