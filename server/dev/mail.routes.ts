import { Router, type Response } from 'express';
import { listRecentOutboxMessages } from '../../db/outbox.repository.ts';
import { isLanguage } from '../../core/language.ts';
import { isEmailKind } from '../../emails/kinds.ts';
import { outboxMessageAsEml, outboxMessageAsHtml, previewIndex, renderPreview } from '../../emails/preview.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { consoleTime } from '../../core/time/console-time.ts';
import { renderPage } from '../views/render.ts';
import { pageWords } from '../views/words/page-words.ts';

// Mail as an inbox would show it may hold anything: it is shown under a policy that runs no script
// and loads nothing but images.
function sendMail(res: Response, html: string): void {
  res
    .set('Content-Security-Policy', "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'")
    .type('html')
    .send(html);
}

// Development and demo: every email kind in every language with sample data, and the dev outbox (the
// mail that would have been sent), viewable in the browser and downloadable as .eml.
export function devMailRoutes({ db, shopId, config, demo }: AppServices): Router {
  const router = Router();

  router.get('/dev/emails', async (_req, res) => {
    const { stamp } = consoleTime(config.SHOP_TIME_ZONE);
    const outbox = (await listRecentOutboxMessages(db, shopId, 100)).map((m) => ({ ...m, when: stamp(m.created_at) }));
    const shell = { ...pageWords.en.shell, footer: '' };
    res.type('html').send(renderPage('dev-mail', { lang: 'en', shell, title: 'Emails', shopName: config.SHOP_NAME ?? 'Whereabouts', languages: [], demo, previews: previewIndex(), outbox }));
  });

  router.get('/dev/emails/:kind/:locale', async (req, res) => {
    const { kind, locale } = req.params;
    if (!isEmailKind(kind) || !isLanguage(locale)) throw new AppError('not_found', 'No such email kind or language.');
    const preview = await renderPreview(kind, locale);
    if (req.query.format === 'text') res.type('text/plain').send(`Subject: ${preview.subject}\n\n${preview.text}`);
    else sendMail(res, preview.html);
  });

  router.get('/dev/outbox/:id.eml', async (req, res) => {
    const eml = await outboxMessageAsEml(db, shopId, req.params.id);
    if (!eml) throw new AppError('not_found', 'No such message in the outbox.');
    res.type('message/rfc822').attachment(eml.filename).send(eml.raw);
  });

  router.get('/dev/outbox/:id', async (req, res) => {
    const html = await outboxMessageAsHtml(db, shopId, req.params.id);
    if (!html) throw new AppError('not_found', 'No such message in the outbox.');
    sendMail(res, html);
  });

  return router;
}
