import express, { Router, type Request, type Response } from 'express';
import { optOutPath } from '../../core/links.ts';
import { optOut, readOptOutLink, type OptOutLink } from '../../domain/notifications/opt-out.ts';
import type { AppServices } from '../services.ts';
import { queryLang, sendShopperPage, shopperLanguage } from '../views/shopper-page.ts';
import { fill, pageWords } from '../views/words/page-words.ts';

// Stopping tracking emails, from the link in every proactive email: a page that asks to confirm (so a
// mail scanner following links changes nothing), and the RFC 8058 one-click POST that mail apps send.
// The page speaks ?lang=, else the language of the email the link came in, else the browser's.
export function optOutRoutes(services: AppServices): Router {
  const router = Router();
  const shop = services.config.SHOP_NAME ?? 'Whereabouts';
  // Parsed only to bound it: a one-click POST carries "List-Unsubscribe=One-Click", the page's form nothing.
  const formParser = express.urlencoded({ extended: false, limit: '2kb' });
  const tokenOf = (req: Request) => String(req.params.token);

  function page(req: Request, res: Response, link: OptOutLink, step: 'confirm' | 'done'): void {
    const locale = shopperLanguage(req, queryLang(req), link.ok ? link.language : undefined, true);
    const t = pageWords[locale].optOut;
    if (!link.ok) return sendShopperPage(services, req, res, { view: 'opt-out', locale, t, title: t.invalidTitle, status: 400, text: t.invalidText });
    const values = { email: link.email, shop };
    if (step === 'done') return sendShopperPage(services, req, res, { view: 'opt-out', locale, t, title: t.doneTitle, text: fill(t.doneText, values) });
    sendShopperPage(services, req, res, {
      view: 'opt-out',
      locale,
      t,
      title: t.confirmTitle,
      text: fill(t.confirmText, values),
      // The answer keeps the language the shopper reads the question in.
      action: `${optOutPath(tokenOf(req))}?lang=${locale}`,
    });
  }

  router.get('/email/opt-out/:token', (req, res) => {
    page(req, res, readOptOutLink(services.secretKey, tokenOf(req)), 'confirm');
  });

  router.post('/email/opt-out/:token', formParser, async (req, res) => {
    page(req, res, await optOut(services, tokenOf(req)), 'done');
  });

  return router;
}
