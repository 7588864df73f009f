import type { Request } from 'express';
import type { SupportRole } from '../../db/support-users.repository.ts';

// What the session middleware learned about a request under /support, kept beside the request (not
// on it) so that no Express type needs widening.

export interface SupportPrincipal {
  userId: string;
  email: string;
  role: SupportRole;
  sessionId: string;
  csrfToken: string;
}

// What every console page's layout needs, whoever renders it.
export interface PageContext {
  shopName: string;
  demo: boolean;
}

export interface SupportRequestContext {
  page: PageContext;
  principal: SupportPrincipal | null;
}

const contexts = new WeakMap<Request, SupportRequestContext>();

export function attachSupportContext(req: Request, context: SupportRequestContext): void {
  contexts.set(req, context);
}

// undefined when the session middleware never saw this request (a router mounted before it).
export function supportContextOf(req: Request): SupportRequestContext | undefined {
  return contexts.get(req);
}
