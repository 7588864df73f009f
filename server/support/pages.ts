import type { Request, Response } from 'express';
import { AppError } from '../../core/errors.ts';
import { errorBody, httpStatusOf } from '../errors.ts';
import { registerPartial, renderPage } from '../views/render.ts';
import { pageWords } from '../views/words/page-words.ts';
import { supportContextOf, type PageContext, type SupportPrincipal } from './request-context.ts';

// Rendering console pages inside the shared layout, and answering errors as a page for people or as
// the common JSON shape for programs.

registerPartial('support-account');

export interface ConsoleSection {
  label: string;
  href: string;
  adminOnly?: boolean;
}

// The console's sections, in the header of every page. Agents do not see the admin-only ones.
export const consoleSections: ConsoleSection[] = [
  { label: 'Overview', href: '/support' },
  { label: 'Search', href: '/support/search' },
  { label: 'Not-received cases', href: '/support/queues/disputes' },
  { label: 'Presumed lost', href: '/support/queues/lost' },
  { label: 'Stalled or late', href: '/support/queues/stalled-late' },
  { label: 'Shopper must act', href: '/support/queues/action-needed' },
  { label: 'Carrier mismatch', href: '/support/queues/carrier-mismatch' },
  { label: 'Invalid tracking', href: '/support/queues/invalid-tracking' },
  { label: 'Failed emails', href: '/support/queues/failed-emails' },
  { label: 'Blocks', href: '/support/blocks' },
  { label: 'Analytics', href: '/support/analytics' },
  { label: 'Audit log', href: '/support/audit', adminOnly: true },
  { label: 'API tokens', href: '/support/tokens', adminOnly: true },
  { label: 'Outbox', href: '/support/outbox', adminOnly: true },
];

// The shared layout's words, in the console's English; the demo banner reads as on the shopper's pages.
const layoutText = {
  footer: 'Whereabouts support console.',
  languages: 'Console sections',
  demoBanner: pageWords.en.shell.demoBanner,
};

function navigation(principal: SupportPrincipal | null, currentPath: string) {
  if (!principal) return [];
  // The layout's header navigation, which lists languages on shopper pages, lists sections here.
  return consoleSections
    .filter((s) => !s.adminOnly || principal.role === 'admin')
    .map((s) => ({ code: 'en', label: s.label, href: s.href, current: s.href === currentPath }));
}

export function renderSupportPage(
  req: Request,
  res: Response,
  context: { page: PageContext; principal: SupportPrincipal | null },
  view: { name: string; title: string; status?: number; data?: Record<string, unknown> },
): void {
  const { principal, page } = context;
  const html = renderPage(view.name, {
    lang: 'en',
    shell: layoutText,
    title: view.title,
    shopName: page.shopName,
    demo: page.demo,
    languages: navigation(principal, req.baseUrl + req.path.replace(/\/$/, '')),
    account: principal ? { email: principal.email, role: principal.role, csrf: principal.csrfToken } : null,
    ...view.data,
  });
  res
    .status(view.status ?? 200)
    .set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' })
    .type('html')
    .send(html);
}

// A page of the console for the signed-in user of this request: the layout, the section navigation
// and the account box (include it with {{> support-account}}) come with it.
export function renderConsolePage(req: Request, res: Response, view: { name: string; title: string; status?: number; data?: Record<string, unknown> }): void {
  const context = supportContextOf(req);
  if (!context) throw new Error('renderConsolePage: the support session middleware did not run for this request');
  renderSupportPage(req, res, context, view);
}

// A person's browser (an HTML form post, or a page request) gets a page; a program gets JSON.
export function wantsHtml(req: Request): boolean {
  return Boolean(req.is('application/x-www-form-urlencoded')) || req.accepts(['json', 'html']) === 'html';
}

export function sendSupportError(req: Request, res: Response, context: { page: PageContext; principal: SupportPrincipal | null }, error: AppError): void {
  res.set(error.headers);
  if (!wantsHtml(req)) {
    res.status(httpStatusOf(error)).set('Cache-Control', 'no-store').json(errorBody(error.code, error.message));
    return;
  }
  const title = error.code === 'forbidden' ? 'Not allowed' : error.code === 'unauthorized' ? 'Please sign in' : 'Something went wrong';
  renderSupportPage(req, res, context, {
    name: 'support-error',
    title,
    status: httpStatusOf(error),
    data: { heading: title, message: error.message, signIn: error.code === 'unauthorized' },
  });
}
