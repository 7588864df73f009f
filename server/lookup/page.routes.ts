import { Router, type Request, type Response } from 'express';
import { activeBlock } from '../../db/blocklist.repository.ts';
import { shipmentsWithEvents } from '../../db/lookup.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Order } from '../../db/schema.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { clientIp } from '../client-ip.ts';
import { LINK_PURPOSE, verifyLink } from '../../core/links.ts';
import { renderPage } from '../views/render.ts';
import { chooseLocale, lookUp, lookupQuerySchema } from './lookup.routes.ts';
import type { LookupLocale } from './lookup.i18n.ts';
import { presentLookup, type LookupAnswer } from './lookup.presenter.ts';
import { pageText } from './page.i18n.ts';
import { formatPageMoment, trackPageModel } from './page.view.ts';
import { trackingNow } from '../../core/clock.ts';
import { reportLinksFor, type ReportLink } from '../disputes/report-links.ts';
import { languageSwitch } from '../views/language-switch.ts';

interface PageState {
  status?: number;
  message?: string;
  answer?: LookupAnswer;
  order?: Order;
  form?: { order?: string; email?: string };
  token?: string;
  // "I haven't received it" per delivered parcel, by tracking code.
  reportLinks?: Map<string, ReportLink>;
}

// A delivered parcel's "I haven't received it" button, or, once reported, since when we are on it.
function reportView(link: ReportLink | undefined, order: Order, locale: LookupLocale) {
  if (!link) return null;
  if (!link.openSince) return { href: link.href, open: null };
  return { href: link.href, open: pageText[locale].reportOpen.replace('{date}', formatPageMoment(order, locale, link.openSince)) };
}

// The shopper's page: the form, and the answer for an order (typed in, or from a signed link in an
// email). Works without JavaScript; never indexed.
export function lookupPageRoutes(services: AppServices): Router {
  const router = Router();
  const { config } = services;

  function render(req: Request, res: Response, locale: LookupLocale, state: PageState): void {
    const t = pageText[locale];
    const languages = languageSwitch(req.path, req.query as Record<string, string>, locale);
    const html = renderPage('track', {
      lang: locale,
      t,
      title: t.title,
      shopName: config.SHOP_NAME ?? 'Whereabouts',
      supportEmail: config.SUPPORT_EMAIL,
      demo: services.demo === true,
      languages,
      message: state.message,
      answer: state.answer,
      shipments: state.answer && state.order ? trackPageModel(state.answer, state.order, locale).map((s) => ({ ...s, report: reportView(state.reportLinks?.get(s.trackingCode), state.order!, locale) })) : [],
      form: state.form ?? {},
      returnsUrl: config.RETURNS_URL,
    });
    res.status(state.status ?? 200).set({ 'X-Robots-Tag': 'noindex, nofollow', 'Cache-Control': 'no-store' }).type('html').send(html);
  }

  router.get('/track', async (req, res) => {
    const raw = req.query as Record<string, string | undefined>;
    const locale = chooseLocale(req, typeof raw.lang === 'string' ? raw.lang : undefined);
    const t = pageText[locale];
    if (!raw.order && !raw.email) return render(req, res, locale, {});
    const proof = (raw.email ?? '').trim();
    const query = lookupQuerySchema.safeParse({ order: raw.order, lang: raw.lang, ...(proof.includes('@') ? { email: proof } : { postal_code: proof }) });
    const form = { order: typeof raw.order === 'string' ? raw.order.slice(0, 64) : '', email: proof.slice(0, 254) };
    if (!query.success) return render(req, res, locale, { status: 400, message: t.missing, form });
    try {
      const found = await lookUp(services, req, query.data);
      if (!found) return render(req, res, locale, { status: 404, message: t.notFound, form });
      return render(req, res, found.answer.locale, { answer: found.answer, order: found.order, form: {}, reportLinks: await reportLinksFor(services, found.order) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate_limited') {
        res.set(error.headers);
        return render(req, res, locale, { status: 429, message: t.tooMany, form });
      }
      throw error;
    }
  });

  router.get('/track/:token', async (req, res) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const check = verifyLink(services.secretKey, LINK_PURPOSE.track, String(req.params.token));
    if (!check.ok) {
      const locale = chooseLocale(req, lang);
      const expired = check.reason === 'expired';
      return render(req, res, locale, { status: expired ? 410 : 400, message: pageText[locale][expired ? 'linkExpired' : 'linkInvalid'] });
    }
    const order = await findOrderById(services.db, String(check.payload.o));
    // A link from an email opens in the language the email was written in.
    const locale = chooseLocale(req, lang, order?.customer_locale, true);
    const blocked = order && (await activeBlock(services.db, services.shopId, { ip: clientIp(req), email: order.email, customerId: order.customer_id }));
    if (!order || order.shop_id !== services.shopId || blocked?.level === 'blocked') {
      return render(req, res, locale, { status: 404, message: pageText[locale].notFound });
    }
    const answer = presentLookup(order, await shipmentsWithEvents(services.db, order.id), locale, trackingNow());
    return render(req, res, locale, { answer, order, reportLinks: await reportLinksFor(services, order) });
  });

  return router;
}
