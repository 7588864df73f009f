import express, { Router, type Response } from 'express';
import { addEmailSuppression } from '../../db/email-suppressions.repository.ts';
import type { AppServices } from '../services.ts';
import { LINK_PURPOSE, optOutPath, verifyLink } from '../../core/links.ts';
import { renderPage } from '../views/render.ts';


// Stopping tracking emails, from the link in every proactive email: a page that asks to confirm (so a
// mail scanner following links changes nothing), and the RFC 8058 one-click POST that mail apps send.
export function optOutRoutes(services: AppServices): Router {
  const router = Router();
  const shopName = services.config.SHOP_NAME ?? 'Whereabouts';

  function page(res: Response, status: number, view: { heading: string; text: string; confirm?: string; action?: string }) {
    const t = { footer: 'Questions? Write to us:', languages: 'Language', demoBanner: 'Demo data' };
    res.status(status).set('X-Robots-Tag', 'noindex').type('html').send(renderPage('opt-out', { lang: 'en', t, title: view.heading, shopName, languages: [], supportEmail: services.config.SUPPORT_EMAIL, ...view }));
  }

  function recipient(token: string): string | undefined {
    const check = verifyLink(services.secretKey, LINK_PURPOSE.optOut, token);
    return check.ok && typeof check.payload.e === 'string' ? check.payload.e : undefined;
  }

  router.get('/email/opt-out/:token', (req, res) => {
    const email = recipient(String(req.params.token));
    if (!email) return page(res, 400, { heading: 'This link is not valid', text: 'It may be incomplete or too old. Reply to any of our emails and we will stop them for you.' });
    page(res, 200, {
      heading: 'Stop tracking emails?',
      text: `${email} will no longer get delivery updates from ${shopName}. Emails you ask for yourself, such as answers about a missing parcel, still arrive.`,
      confirm: 'Stop these emails',
      action: optOutPath(String(req.params.token)),
    });
  });

  router.post('/email/opt-out/:token', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const email = recipient(String(req.params.token));
    if (!email) return page(res, 400, { heading: 'This link is not valid', text: 'It may be incomplete or too old. Reply to any of our emails and we will stop them for you.' });
    await addEmailSuppression(services.db, services.shopId, email, 'opt_out');
    services.logger.info({ shopId: services.shopId }, 'a shopper opted out of tracking emails');
    page(res, 200, { heading: 'Done', text: `${email} will get no more delivery updates from ${shopName}.` });
  });

  return router;
}
