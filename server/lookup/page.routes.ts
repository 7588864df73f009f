import { Router, type Request, type Response } from 'express';
import type { Language } from '../../core/language.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { queryLang, sendShopperPage, shopperLanguage, shopperOf } from '../views/shopper-page.ts';
import { presentLookup } from './lookup.presenter.ts';
import { reportLinksFor } from '../../domain/lookup/report-links.ts';
import { lookUp, lookUpLink, lookupQuerySchema, type Found } from '../../domain/lookup/lookup.ts';
import { pageWords } from '../views/words/page-words.ts';
import { trackPageModel } from './page.view.ts';

interface PageState {
  status?: number;
  message?: string;
  found?: Found;
  form?: { order?: string; email?: string };
}

// The shopper's page: the form, and the answer for an order (typed in, or from a signed link in an
// email). Works without JavaScript; never indexed.
export function lookupPageRoutes(services: AppServices): Router {
  const router = Router();

  async function render(req: Request, res: Response, locale: Language, state: PageState): Promise<void> {
    const t = pageWords[locale].lookup;
    const { found } = state;
    const answer = found && presentLookup(found);
    sendShopperPage(services, req, res, {
      view: 'track',
      locale,
      t,
      title: t.title,
      status: state.status,
      message: state.message,
      answer,
      shipments: found && answer ? trackPageModel(answer, found.order, locale, await reportLinksFor(services, found.order)) : [],
      form: state.form ?? {},
      returnsUrl: services.config.RETURNS_URL,
    });
  }

  router.get('/track', async (req, res) => {
    const raw = req.query as Record<string, string | undefined>;
    const locale = shopperLanguage(req, queryLang(req));
    const t = pageWords[locale].lookup;
    if (!raw.order && !raw.email) return render(req, res, locale, {});
    const proof = (raw.email ?? '').trim();
    const query = lookupQuerySchema.safeParse({ order: raw.order, lang: raw.lang, ...(proof.includes('@') ? { email: proof } : { postal_code: proof }) });
    const form = { order: typeof raw.order === 'string' ? raw.order.slice(0, 64) : '', email: proof.slice(0, 254) };
    if (!query.success) return render(req, res, locale, { status: 400, message: t.missing, form });
    try {
      const found = await lookUp(services, shopperOf(req, query.data.lang), query.data);
      if (!found) return render(req, res, locale, { status: 404, message: t.notFound, form });
      return render(req, res, found.locale, { found });
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate_limited') {
        res.set(error.headers);
        return render(req, res, locale, { status: 429, message: t.tooMany, form });
      }
      throw error;
    }
  });

  router.get('/track/:token', async (req, res) => {
    const looked = await lookUpLink(services, shopperOf(req, queryLang(req)), String(req.params.token));
    const t = pageWords[looked.locale].lookup;
    if (!looked.ok) return render(req, res, looked.locale, { status: looked.expired ? 410 : 400, message: looked.expired ? t.linkExpired : t.linkInvalid });
    if (!looked.found) return render(req, res, looked.locale, { status: 404, message: t.notFound });
    return render(req, res, looked.locale, { found: looked.found });
  });

  return router;
}
