import { z } from 'zod';
import type { BlockSubjects } from '../../db/blocklist.repository.ts';
import { readLookup, type LookupRead } from '../../db/lookup.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Order } from '../../db/schema.ts';
import { chooseLanguage, type Language, type LanguageWish } from '../../core/language.ts';
import { trackingNow } from '../../core/clock.ts';
import { LINK_PURPOSE, verifyLink } from '../../core/links.ts';
import { orderLimitKey, parseOrderReference } from '../../core/order-reference.ts';
import type { DomainContext } from '../context.ts';
import { findOrderForShopper } from './find-order.ts';
import type { LookupCounter } from './lookup-counter.ts';

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

// What a lookup needs beyond the domain's context: the lookup limits and the counter the web process
// keeps, and the key that signs links.
export interface LookupContext extends Pick<DomainContext, 'db' | 'shopId'> {
  secretKey: string;
  lookupLimits: { check(ip: string | undefined, orderKey: string): Promise<void> };
  lookupCounter: Pick<LookupCounter, 'count'>;
}

// Who is asking: the address the request came from, and the language they asked for.
export interface Shopper {
  ip: string | undefined;
  language: LanguageWish;
}

// A found order, its parcels as they stand, in the shopper's language, at one moment.
export interface Found {
  order: Order;
  parcels: LookupRead['parcels'];
  locale: Language;
  now: Date;
}

// The answer for a found order, unless the shopper is blocked: a blocked shopper gets the same
// not-found answer as a wrong order (a warning or a restriction changes nothing here). One round trip
// (readLookup); every answered lookup is counted for the analytics (lookup-counter.ts).
async function answer({ db, shopId, lookupCounter }: LookupContext, order: Order, shopper: BlockSubjects, locale: Language): Promise<Found | undefined> {
  const now = trackingNow();
  const { blockLevel, parcels } = await readLookup(db, shopId, order.id, shopper);
  if (blockLevel === 'blocked') return undefined;
  lookupCounter.count(order.id, now);
  return { order, parcels, locale, now };
}

// A typed-in lookup: rate limits, the order and the proof, the blocklist. The order reference is
// parsed once, for its rate limit bucket and for the search.
export async function lookUp(services: LookupContext, shopper: Shopper, query: LookupQuery): Promise<Found | undefined> {
  const { db, shopId, lookupLimits } = services;
  const { ip } = shopper;
  const reference = parseOrderReference(query.order);
  await lookupLimits.check(ip, orderLimitKey(query.order, reference));
  const proof = query.email ? { email: query.email } : { postalCode: query.postal_code! };
  const order = await findOrderForShopper(db, shopId, reference, proof);
  if (!order) return undefined;
  return answer(services, order, { ip, email: query.email ?? order.email, customerId: order.customer_id }, chooseLanguage(shopper.language, order.customer_locale));
}

export type LinkedOrder = { ok: false; expired: boolean } | { ok: true; order: Order | undefined };

// The order a signed lookup link (in every email, behind "I haven't received it") was made for: none
// when the link is forged, garbled or expired, undefined when the order is gone or another shop's.
export async function orderOfLink({ db, secretKey, shopId }: Pick<LookupContext, 'db' | 'secretKey' | 'shopId'>, token: string): Promise<LinkedOrder> {
  const check = verifyLink(secretKey, LINK_PURPOSE.track, token);
  if (!check.ok) return { ok: false, expired: check.reason === 'expired' };
  const order = await findOrderById(db, String(check.payload.o));
  return { ok: true, order: order?.shop_id === shopId ? order : undefined };
}

export type LinkLookup = { locale: Language } & ({ ok: false; expired: boolean } | { ok: true; found: Found | undefined });

// A signed link's lookup, in the language its email was written in. Holding the link is the proof;
// a blocked shopper still gets the not-found answer.
export async function lookUpLink(services: LookupContext, shopper: Shopper, token: string): Promise<LinkLookup> {
  const linked = await orderOfLink(services, token);
  if (!linked.ok) return { ok: false, expired: linked.expired, locale: chooseLanguage(shopper.language) };
  const { order } = linked;
  const locale = chooseLanguage(shopper.language, order?.customer_locale, true);
  if (!order) return { ok: true, found: undefined, locale };
  return { ok: true, found: await answer(services, order, { ip: shopper.ip, email: order.email, customerId: order.customer_id }, locale), locale };
}
