import type { Request } from 'express';
import { z } from 'zod';
import type { BlockSubjects } from '../../db/blocklist.repository.ts';
import { readLookup } from '../../db/lookup.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Order } from '../../db/schema.ts';
import type { Language } from '../../emails/i18n/locale.ts';
import { trackingNow } from '../../core/clock.ts';
import { LINK_PURPOSE, verifyLink } from '../../core/links.ts';
import { orderLimitKey, parseOrderReference } from '../../core/order-reference.ts';
import type { AppServices } from '../../server/services.ts';
import { clientIp } from '../../server/client-ip.ts';
import { shopperLanguage } from '../../server/views/shopper-page.ts';
import { findOrderForShopper } from './find-order.ts';
import { presentLookup, type LookupAnswer } from '../../server/lookup/lookup.presenter.ts';

// "Where is my order?": the one lookup behind the JSON API, the lookup page and the page a signed
// link opens. A blocked shopper, a wrong order and a wrong email all get the same not-found answer; a
// warning or a restriction changes nothing here (a restriction only neutralises new reports).

export const lookupQuerySchema = z
  .object({
    order: z.string().trim().min(1, 'order is required').max(64, 'order is too long'),
    email: z.string().trim().max(254, 'email is too long').optional(),
    postal_code: z.string().trim().max(16, 'postal_code is too long').optional(),
    lang: z.string().trim().max(16).optional(),
  })
  .refine((q) => Boolean(q.email) || Boolean(q.postal_code), { message: 'email or postal_code is required', path: ['email'] });

export type LookupQuery = z.infer<typeof lookupQuerySchema>;

export const NOT_FOUND_MESSAGE = 'We could not find an order with these details. Check the order number and the email or postal code you used.';

export interface Found {
  order: Order;
  answer: LookupAnswer;
}

// The answer for a found order, unless the shopper is blocked: a blocked shopper gets the same
// not-found answer as a wrong order (a warning or a restriction changes nothing here). One round trip
// (readLookup); every answered lookup is counted for the analytics (lookup-counter.ts).
async function answer({ db, shopId, lookupCounter }: AppServices, order: Order, shopper: BlockSubjects, locale: Language): Promise<Found | undefined> {
  const now = trackingNow();
  const { blockLevel, parcels } = await readLookup(db, shopId, order.id, shopper);
  if (blockLevel === 'blocked') return undefined;
  lookupCounter.count(order.id, now);
  return { order, answer: presentLookup(order, parcels, locale, now) };
}

// A typed-in lookup: rate limits, the order and the proof, the blocklist. The order reference is
// parsed once, for its rate limit bucket and for the search.
export async function lookUp(services: AppServices, req: Request, query: LookupQuery): Promise<Found | undefined> {
  const { db, shopId, lookupLimits } = services;
  const ip = clientIp(req);
  const reference = parseOrderReference(query.order);
  await lookupLimits.check(ip, orderLimitKey(query.order, reference));
  const proof = query.email ? { email: query.email } : { postalCode: query.postal_code! };
  const order = await findOrderForShopper(db, shopId, reference, proof);
  if (!order) return undefined;
  return answer(services, order, { ip, email: query.email ?? order.email, customerId: order.customer_id }, shopperLanguage(req, query.lang, order.customer_locale));
}

export type LinkedOrder = { ok: false; expired: boolean } | { ok: true; order: Order | undefined };

// The order a signed lookup link (in every email, behind "I haven't received it") was made for: none
// when the link is forged, garbled or expired, undefined when the order is gone or another shop's.
export async function orderOfLink({ db, secretKey, shopId }: AppServices, token: string): Promise<LinkedOrder> {
  const check = verifyLink(secretKey, LINK_PURPOSE.track, token);
  if (!check.ok) return { ok: false, expired: check.reason === 'expired' };
  const order = await findOrderById(db, String(check.payload.o));
  return { ok: true, order: order?.shop_id === shopId ? order : undefined };
}

export type LinkLookup = { locale: Language } & ({ ok: false; expired: boolean } | { ok: true; found: Found | undefined });

// A signed link's lookup, in the language its email was written in. Holding the link is the proof;
// a blocked shopper still gets the not-found answer.
export async function lookUpLink(services: AppServices, req: Request, token: string, lang: string | undefined): Promise<LinkLookup> {
  const linked = await orderOfLink(services, token);
  if (!linked.ok) return { ok: false, expired: linked.expired, locale: shopperLanguage(req, lang) };
  const { order } = linked;
  const locale = shopperLanguage(req, lang, order?.customer_locale, true);
  if (!order) return { ok: true, found: undefined, locale };
  return { ok: true, found: await answer(services, order, { ip: clientIp(req), email: order.email, customerId: order.customer_id }, locale), locale };
}
