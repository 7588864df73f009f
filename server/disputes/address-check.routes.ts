import express, { Router, type Request, type Response } from 'express';
import { findDispute } from '../../db/disputes.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Dispute, Order } from '../../db/schema.ts';
import { NOTE_LIMIT } from '../../domain/cases/cases.ts';
import { answerAddressCheck } from '../../domain/cases/shopper-actions.ts';
import { trackingNow } from '../../core/clock.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { clientIp } from '../client-ip.ts';
import { formWithoutNul } from '../text-input.ts';
import type { Language } from '../../core/language.ts';
import { orderLimitKey } from '../../core/order-reference.ts';
import { addressLines } from '../../core/postal-address.ts';
import { LINK_PURPOSE, addressCheckPath, verifyLink } from '../../core/links.ts';
import { queryLang, shopperLanguage } from '../views/shopper-page.ts';
import { destinationTimeZone } from '../../core/time/destination-zone.ts';
import { shopperTime } from '../../core/time/shopper-time.ts';
import { fill, pageWords, type CaseWords } from '../views/words/page-words.ts';
import { formField, formToken, formTokenMatches, sendCasePage } from './case-page.ts';

type Found = { ok: true; locale: Language; dispute: Dispute; order: Order } | { ok: false; locale: Language; status: number; text: (t: CaseWords) => string };
type Answer = 'confirmed' | 'wrong';

const isAnswer = (value: unknown): value is Answer => value === 'confirmed' || value === 'wrong';

// The address confirmation of a not-received case, from the link in the address_confirmation email.
// Following the link (as mail scanners do) changes nothing; only a POST from the page records the
// answer, and the latest answer counts while the case is open.
export function addressCheckRoutes(services: AppServices): Router {
  const router = Router();
  const { config, db, secretKey, shopId } = services;
  const formParser = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 10 });
  const tokenOf = (req: Request) => String(req.params.token);
  const pageHref = (req: Request, locale: Language) => `${addressCheckPath(tokenOf(req))}?lang=${locale}`;

  async function findCase(req: Request): Promise<Found> {
    const check = verifyLink(secretKey, LINK_PURPOSE.address, tokenOf(req));
    if (!check.ok) {
      const expired = check.reason === 'expired';
      return { ok: false, locale: shopperLanguage(req, queryLang(req)), status: expired ? 410 : 400, text: (t) => (expired ? t.linkExpired : t.linkInvalid) };
    }
    const dispute = await findDispute(db, shopId, String(check.payload.d));
    const order = dispute && (await findOrderById(db, dispute.order_id));
    const locale = shopperLanguage(req, queryLang(req), order?.customer_locale, true);
    if (!dispute || !order) return { ok: false, locale, status: 404, text: (t) => t.caseMissing };
    return { ok: true, locale, dispute, order };
  }

  function problem(req: Request, res: Response, locale: Language, status: number, heading: (t: CaseWords) => string, text: string, lookup = false): void {
    sendCasePage(services, req, res, 'address-check', locale, { status, title: heading, problem: { heading: heading(pageWords[locale].cases), text, lookup } });
  }

  const closed = (req: Request, res: Response, locale: Language, status: number) => problem(req, res, locale, status, (t) => t.closedTitle, pageWords[locale].cases.closed);

  function questionPage(req: Request, res: Response, found: Extract<Found, { ok: true }>, form: { status?: number; preselect?: Answer; correction?: string; error?: string } = {}): void {
    const { locale, dispute, order } = found;
    const t = pageWords[locale].cases;
    const answeredAt = dispute.address_answered_at;
    const time = shopperTime(locale, destinationTimeZone(order.shipping_address));
    const answered = answeredAt && dispute.address_answer ? fill(dispute.address_answer === 'wrong' ? t.answeredWrong : t.answeredConfirmed, { date: time.moment(answeredAt) }) : null;
    sendCasePage(services, req, res, 'address-check', locale, {
      status: form.status,
      title: (x) => x.addressTitle,
      orderName: order.name,
      intro: fill(t.addressIntro, { order: order.name }),
      // The whole address the parcel went to: whoever holds the signed link is the shopper it was sent to.
      addressLines: addressLines(order.shipping_address, locale),
      answered,
      preselect: form.preselect ?? null,
      action: pageHref(req, locale),
      formToken: formToken(secretKey, 'address', tokenOf(req)),
      limit: NOTE_LIMIT,
      hint: fill(t.correctionHint, { max: NOTE_LIMIT }),
      correction: form.correction ?? (dispute.address_answer === 'wrong' ? dispute.address_correction : '') ?? '',
      error: form.error,
    });
  }

  router.get('/address/:token', async (req, res) => {
    const found = await findCase(req);
    if (!found.ok) return problem(req, res, found.locale, found.status, (t) => t.addressTitle, found.text(pageWords[found.locale].cases), true);
    if (found.dispute.state !== 'open') return closed(req, res, found.locale, 200);
    questionPage(req, res, found, { preselect: isAnswer(req.query.answer) ? req.query.answer : undefined });
  });

  router.post('/address/:token', formParser, formWithoutNul, async (req, res) => {
    const found = await findCase(req);
    if (!found.ok) return problem(req, res, found.locale, found.status, (t) => t.addressTitle, found.text(pageWords[found.locale].cases), true);
    const { locale, order } = found;
    const t = pageWords[locale].cases;
    if (!formTokenMatches(secretKey, formField(req.body, 'form_token'), 'address', tokenOf(req))) {
      return problem(req, res, locale, 403, (x) => x.formExpiredTitle, t.formExpired);
    }
    if (found.dispute.state !== 'open') return closed(req, res, locale, 409);
    const answer = formField(req.body, 'answer');
    if (!isAnswer(answer)) return questionPage(req, res, found, { status: 400 });
    const correction = answer === 'wrong' ? (formField(req.body, 'correction') ?? '') : '';
    if (answer === 'wrong' && !correction.trim()) return questionPage(req, res, found, { status: 400, preselect: 'wrong', correction, error: t.correctionMissing });
    if (correction.length > NOTE_LIMIT) {
      return questionPage(req, res, found, { status: 400, preselect: 'wrong', correction, error: fill(t.correctionTooLong, { count: correction.length, max: NOTE_LIMIT }) });
    }
    try {
      await services.lookupLimits.check(clientIp(req), orderLimitKey(order.name));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'rate_limited')) throw error;
      res.set(error.headers);
      return problem(req, res, locale, 429, (x) => x.tryAgainTitle, t.tooMany);
    }

    const now = trackingNow();
    let updated: Dispute;
    try {
      updated = await answerAddressCheck(services, found, { answer, correction: correction || null, now });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return closed(req, res, locale, 409);
      throw error;
    }
    sendCasePage(services, req, res, 'address-check', locale, {
      title: (x) => x.thanksTitle,
      pageHref: pageHref(req, locale),
      thanks: { text: answer === 'wrong' ? t.thanksWrong : t.thanksConfirmed, correction: updated.address_correction },
    });
  });

  return router;
}
