import express, { Router, type Request, type Response } from 'express';
import { activeBlock } from '../../db/blocklist.repository.ts';
import { findOpenShopperDispute } from '../../db/disputes.repository.ts';
import { shipmentsWithEvents, type LookupEvent } from '../../db/lookup.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import type { Language } from '../../core/language.ts';
import { NOTE_LIMIT } from '../../domain/cases/cases.ts';
import { reportNotReceived } from '../../domain/cases/shopper-actions.ts';
import { trackingNow } from '../../core/clock.ts';
import type { TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { clientIp } from '../client-ip.ts';
import { formWithoutNul } from '../text-input.ts';
import { orderLimitKey } from '../../core/order-reference.ts';
import { orderOfLink } from '../../domain/lookup/lookup.ts';
import { notReceivedPath } from '../../core/links.ts';
import { queryLang, shopperLanguage } from '../views/shopper-page.ts';
import { destinationTimeZone } from '../../core/time/destination-zone.ts';
import { shopperTime } from '../../core/time/shopper-time.ts';
import { fill, pageWords, type CaseWords } from '../views/words/page-words.ts';
import { deliveredParcelModel } from './not-received.view.ts';
import { formField, formToken, formTokenMatches, sendCasePage } from './case-page.ts';

type Parcel = { ok: true; locale: Language; order: Order; shipment: Shipment; events: LookupEvent[] };
type Refusal = { ok: false; locale: Language; status: number; text: (t: CaseWords) => string };

export interface Problem {
  heading: (t: CaseWords) => string;
  text: string;
  email?: string;
  after?: string;
  lookup?: boolean;
  trackHref?: string;
  alert?: boolean;
}

// The page behind "I haven't received it" on a delivered parcel: the delivery facts and where parcels
// often turn up, then "still not here". Reached from the lookup page and the delivered email with a
// signed lookup link; the POST opens the case (one per parcel) and answers with what happens next.
export function notReceivedRoutes(services: AppServices): Router {
  const router = Router();
  const { config, db, secretKey, shopId } = services;
  const path = '/track/:token/parcels/:shipmentId/not-received';
  // A 2,000-character note in any script, percent-encoded, stays well under this.
  const formParser = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 10 });

  const tokenOf = (req: Request) => String(req.params.token);
  const shipmentIdOf = (req: Request) => String(req.params.shipmentId);
  const trackHref = (req: Request, locale: Language) => `/track/${tokenOf(req)}?lang=${locale}`;
  const pageHref = (req: Request, locale: Language) => `${notReceivedPath(tokenOf(req), shipmentIdOf(req))}?lang=${locale}`;

  function problem(req: Request, res: Response, locale: Language, status: number, view: Problem): void {
    const t = pageWords[locale].cases;
    sendCasePage(services, req, res, 'not-received', locale, { status, title: view.heading, problem: { ...view, heading: view.heading(t) } });
  }

  // The neutral answer for a blocked (or, for reports, restricted) shopper: nothing about a block.
  function neutral(req: Request, res: Response, locale: Language): void {
    const t = pageWords[locale].cases;
    const email = config.SUPPORT_EMAIL;
    const [before, after] = t.neutralWrite.split('{email}');
    problem(req, res, locale, 200, email ? { heading: (x) => x.neutralTitle, text: before.trimEnd(), email, after } : { heading: (x) => x.neutralTitle, text: t.neutralReply });
  }

  async function findParcel(req: Request): Promise<Parcel | Refusal> {
    const linked = await orderOfLink(services, tokenOf(req));
    if (!linked.ok) {
      const { expired } = linked;
      return { ok: false, locale: shopperLanguage(req, queryLang(req)), status: expired ? 410 : 400, text: (t) => (expired ? t.linkExpired : t.linkInvalid) };
    }
    const { order } = linked;
    // A link from an email opens in the language the email was written in.
    const locale = shopperLanguage(req, queryLang(req), order?.customer_locale, true);
    const view = order ? (await shipmentsWithEvents(db, order.id)).find((v) => v.shipment.id === shipmentIdOf(req)) : undefined;
    if (!order || !view) return { ok: false, locale, status: 404, text: (t) => t.parcelMissing };
    return { ok: true, locale, order, shipment: view.shipment, events: view.events };
  }

  const blockOf = (req: Request, order: Order) => activeBlock(db, shopId, { ip: clientIp(req), email: order.email, customerId: order.customer_id });

  function onTheWay(req: Request, res: Response, parcel: Parcel): void {
    const { locale, order, shipment } = parcel;
    const t = pageWords[locale].cases;
    const status = (shipment.status in pageWords[locale].parcel.status ? shipment.status : 'unknown') as TrackingStatus;
    sendCasePage(services, req, res, 'not-received', locale, {
      title: (x) => x.onTheWayTitle,
      orderName: order.name,
      trackHref: trackHref(req, locale),
      onTheWay: { carrier: shipment.carrier ?? shipment.declared_carrier, trackingCode: shipment.tracking_code, text: fill(t.onTheWay, { status: pageWords[locale].parcel.status[status].label }) },
    });
  }

  async function reportPage(req: Request, res: Response, parcel: Parcel, form: { status?: number; note?: string; error?: string } = {}): Promise<void> {
    const { locale, order, shipment, events } = parcel;
    const t = pageWords[locale].cases;
    const time = shopperTime(locale, destinationTimeZone(order.shipping_address));
    const open = await findOpenShopperDispute(db, shipment.id);
    sendCasePage(services, req, res, 'not-received', locale, {
      status: form.status,
      title: (x) => x.reportTitle,
      parcelHeading: `${t.orderLabel} ${order.name}`,
      parcel: deliveredParcelModel(order, shipment, events, locale, trackingNow()),
      open: open ? { text: fill(t.openSince, { date: time.moment(open.opened_at) }) } : null,
      trackHref: trackHref(req, locale),
      action: pageHref(req, locale),
      formToken: formToken(secretKey, 'not_received', tokenOf(req), shipmentIdOf(req)),
      noteLimit: NOTE_LIMIT,
      noteHint: fill(t.noteHint, { max: NOTE_LIMIT }),
      note: form.note ?? '',
      error: form.error,
    });
  }

  router.get(path, async (req, res) => {
    const parcel = await findParcel(req);
    if (!parcel.ok) return problem(req, res, parcel.locale, parcel.status, { heading: (t) => t.reportTitle, text: parcel.text(pageWords[parcel.locale].cases), lookup: true });
    if ((await blockOf(req, parcel.order))?.level === 'blocked') return neutral(req, res, parcel.locale);
    if (parcel.shipment.status !== 'delivered') return onTheWay(req, res, parcel);
    await reportPage(req, res, parcel);
  });

  router.post(path, formParser, formWithoutNul, async (req, res) => {
    const parcel = await findParcel(req);
    if (!parcel.ok) return problem(req, res, parcel.locale, parcel.status, { heading: (t) => t.reportTitle, text: parcel.text(pageWords[parcel.locale].cases), lookup: true });
    const { locale, order, shipment } = parcel;
    const t = pageWords[locale].cases;
    if (!formTokenMatches(secretKey, formField(req.body, 'form_token'), 'not_received', tokenOf(req), shipmentIdOf(req))) {
      return problem(req, res, locale, 403, { heading: (x) => x.formExpiredTitle, text: t.formExpired, trackHref: trackHref(req, locale) });
    }
    const block = await blockOf(req, order);
    if (block?.level === 'blocked' || block?.level === 'restricted') return neutral(req, res, locale);
    try {
      await services.lookupLimits.check(clientIp(req), orderLimitKey(order.name));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'rate_limited')) throw error;
      res.set(error.headers);
      return problem(req, res, locale, 429, { heading: (x) => x.tryAgainTitle, text: t.tooMany, alert: true });
    }
    if (shipment.status !== 'delivered') return onTheWay(req, res, parcel);
    const note = formField(req.body, 'note') ?? '';
    if (note.length > NOTE_LIMIT) return reportPage(req, res, parcel, { status: 400, note, error: fill(t.noteTooLong, { count: note.length, max: NOTE_LIMIT }) });

    const now = trackingNow();
    const { dispute } = await reportNotReceived(services, { order, shipment, note, now });
    const days = config.DISPUTE_REPLY_DAYS;
    const time = shopperTime(locale, destinationTimeZone(order.shipping_address));
    sendCasePage(services, req, res, 'not-received', locale, {
      title: (x) => x.doneTitle,
      trackHref: trackHref(req, locale),
      done: {
        intro: fill(t.doneIntro, { order: order.name }),
        reportedAt: fill(t.reportedAt, { date: time.moment(dispute.opened_at) }),
        note: dispute.shopper_note,
        hearBack: days === 1 ? t.hearBackOne : fill(t.hearBackOther, { count: days }),
        emailed: Boolean(order.email),
      },
    });
  });

  return router;
}
