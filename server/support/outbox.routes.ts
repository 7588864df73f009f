import { Router } from 'express';
import { listRecentOutboxMessages } from '../../db/outbox.repository.ts';
import { outboxMessageAsEml, outboxMessageAsHtml } from '../../emails/preview.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { consoleTime } from '../../core/time/console-time.ts';
import { requireSupportUser } from './auth.ts';
import { MAIL_PREVIEW_CSP } from './notification-preview.routes.ts';
import { renderConsolePage } from './pages.ts';

const SHOWN = 100;

// Without SMTP_URL, mail is kept in the outbox instead of being sent. It holds shoppers' addresses
// and their signed lookup links, so on a real shop only an admin reads it, here in the console.
export function outboxRoutes({ db, shopId, config }: AppServices): Router {
  const router = Router();
  const admin = requireSupportUser({ role: 'admin' });

  router.get('/support/outbox', admin, async (req, res) => {
    const { stamp } = consoleTime(config.SHOP_TIME_ZONE);
    const messages = (await listRecentOutboxMessages(db, shopId, SHOWN)).map((m) => ({ ...m, when: stamp(m.created_at) }));
    renderConsolePage(req, res, { name: 'support-outbox', title: 'Outbox', data: { messages, shown: SHOWN, sending: Boolean(config.SMTP_URL) } });
  });

  router.get('/support/outbox/:id.eml', admin, async (req, res) => {
    const eml = await outboxMessageAsEml(db, shopId, String(req.params.id));
    if (!eml) throw new AppError('not_found', 'No such message in the outbox.');
    res.set('Cache-Control', 'no-store').type('message/rfc822').attachment(eml.filename).send(eml.raw);
  });

  router.get('/support/outbox/:id', admin, async (req, res) => {
    const html = await outboxMessageAsHtml(db, shopId, String(req.params.id));
    if (!html) throw new AppError('not_found', 'No such message in the outbox.');
    res.set({ 'Content-Security-Policy': MAIL_PREVIEW_CSP, 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' }).type('html').send(html);
  });

  return router;
}
