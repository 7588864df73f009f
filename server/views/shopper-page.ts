import type { Request, Response } from 'express';
import { languageOf, languageTags, type Language } from '../../emails/i18n/locale.ts';
import type { AppServices } from '../services.ts';
import { languageSwitch } from './language-switch.ts';
import { renderPage } from './render.ts';

// The shell of every shopper page (the lookup page, the not-received and address check pages): the
// language it is written in, its layout and language switch, and no indexing or caching, since each
// of these pages is about one shopper's order.

export const queryLang = (req: Request) => (typeof req.query.lang === 'string' ? req.query.lang : undefined);

// The shopper's language: ?lang=, then Accept-Language, then the order's own locale, then English. A
// page opened from an email's link (`preferOrder`) speaks the email's language before the browser's.
export function shopperLanguage(req: Request, lang: string | undefined, orderLocale?: string | null, preferOrder = false): Language {
  const header = req.get('accept-language')?.trim();
  const fromHeader = languageOf(header && header !== '*' ? req.acceptsLanguages(...languageTags) || undefined : undefined);
  const fromOrder = languageOf(orderLocale);
  return languageOf(lang) ?? (preferOrder ? (fromOrder ?? fromHeader) : (fromHeader ?? fromOrder)) ?? 'en';
}

export interface ShopperPage {
  view: string;
  locale: Language;
  // The page's words in its language, and its title among them.
  t: object;
  title: string;
  status?: number;
  [key: string]: unknown;
}

export function sendShopperPage(services: AppServices, req: Request, res: Response, page: ShopperPage): void {
  const { view, locale, t, title, status, ...data } = page;
  // The switch keeps the page's own query (?answer=, a lookup's fields) but never carries a form's.
  const query = req.method === 'GET' ? (req.query as Record<string, string>) : {};
  const html = renderPage(view, {
    lang: locale,
    t,
    title,
    shopName: services.config.SHOP_NAME ?? 'Whereabouts',
    supportEmail: services.config.SUPPORT_EMAIL,
    demo: services.demo === true,
    languages: languageSwitch(req.path, query, locale),
    ...data,
  });
  res.status(status ?? 200).set({ 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'no-store' }).type('html').send(html);
}
