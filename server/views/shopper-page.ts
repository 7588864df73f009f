import type { Request, Response } from 'express';
import { chooseLanguage, languageOf, languageTags, type Language, type LanguageWish } from '../../core/language.ts';
import type { Shopper } from '../../domain/lookup/lookup.ts';
import { clientIp } from '../client-ip.ts';
import type { AppServices } from '../services.ts';
import { languageSwitch } from './language-switch.ts';
import { renderPage } from './render.ts';
import { pageWords } from './words/page-words.ts';

// The shell of every shopper page (the lookup page, the not-received and address check pages, the
// opt-out page): the language it is written in, its layout, language switch and demo banner, and no
// indexing or caching, since each of these pages is about one shopper's order or address.

export const queryLang = (req: Request) => (typeof req.query.lang === 'string' ? req.query.lang : undefined);

// What the request asks of the language: ?lang= and the browser's Accept-Language.
export function languageWish(req: Request, lang: string | undefined): LanguageWish {
  const header = req.get('accept-language')?.trim();
  return { asked: lang, accepted: languageOf(header && header !== '*' ? req.acceptsLanguages(...languageTags) || undefined : undefined) };
}

// Who asks, as a use case takes it: the client's address and the language wished for.
export function shopperOf(req: Request, lang: string | undefined): Shopper {
  return { ip: clientIp(req), language: languageWish(req, lang) };
}

export function shopperLanguage(req: Request, lang: string | undefined, orderLocale?: string | null, preferOrder = false): Language {
  return chooseLanguage(languageWish(req, lang), orderLocale, preferOrder);
}

export interface ShopperPage {
  view: string;
  locale: Language;
  // The page's own words in its language (pageWords[locale].lookup, .cases, …); the shell adds its own.
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
    shell: pageWords[locale].shell,
    title,
    shopName: services.config.SHOP_NAME ?? 'Whereabouts',
    supportEmail: services.config.SUPPORT_EMAIL,
    demo: services.demo === true,
    languages: languageSwitch(req.path, query, locale),
    ...data,
  });
  res.status(status ?? 200).set({ 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'no-store' }).type('html').send(html);
}
