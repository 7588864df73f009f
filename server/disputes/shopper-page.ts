import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppServices } from '../services.ts';
import type { LookupLocale } from '../lookup/lookup.i18n.ts';
import { languageSwitch } from '../views/language-switch.ts';
import { renderPage } from '../views/render.ts';
import { disputeText, type DisputeText } from './disputes.i18n.ts';

// What the shopper's case pages share with the lookup page: its layout, the language switch, and no
// indexing or caching (every page here is about one shopper's order).

export function sendShopperPage(
  services: AppServices,
  req: Request,
  res: Response,
  view: string,
  locale: LookupLocale,
  data: { status?: number; title: (t: DisputeText) => string; [key: string]: unknown },
): void {
  const t = disputeText[locale];
  // The switch keeps the page's own query (?answer=) but never carries a form's fields.
  const query = req.method === 'GET' ? (req.query as Record<string, string>) : {};
  const languages = languageSwitch(req.path, query, locale);
  const { status, title, ...rest } = data;
  const html = renderPage(view, {
    lang: locale,
    t,
    title: title(t),
    shopName: services.config.SHOP_NAME ?? 'Whereabouts',
    supportEmail: services.config.SUPPORT_EMAIL,
    demo: services.demo === true,
    languages,
    ...rest,
  });
  res.status(status ?? 200).set({ 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'no-store' }).type('html').send(html);
}

// These pages have no session, so a form proves it came from a page we rendered with a token bound to
// the link it was rendered for: another site can post to the path but cannot compute the token.
export function formToken(secret: string, form: string, ...scope: string[]): string {
  return createHmac('sha256', secret).update(['form', form, ...scope].join('\n')).digest('base64url');
}

export function formTokenMatches(secret: string, given: unknown, form: string, ...scope: string[]): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(formToken(secret, form, ...scope));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function formField(body: unknown, name: string): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
