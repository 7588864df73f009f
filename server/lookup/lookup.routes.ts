import { Router, type Request } from 'express';
import { z } from 'zod';
import { activeBlock } from '../../db/blocklist.repository.ts';
import { shipmentsWithEvents } from '../../db/lookup.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { clientIp } from '../client-ip.ts';
import { findOrderForShopper } from './find-order.ts';
import { lookupLocaleFor, type LookupLocale } from './lookup.i18n.ts';
import { languageTags } from '../../emails/i18n/locale.ts';
import { presentLookup } from './lookup.presenter.ts';
import { trackingNow } from '../../core/clock.ts';

export const lookupQuerySchema = z
  .object({
    order: z.string().trim().min(1, 'order is required').max(64, 'order is too long'),
    email: z.string().trim().max(254, 'email is too long').optional(),
    postal_code: z.string().trim().max(16, 'postal_code is too long').optional(),
    lang: z.string().trim().max(16).optional(),
  })
  .refine((q) => Boolean(q.email) || Boolean(q.postal_code), { message: 'email or postal_code is required', path: ['email'] });

export const NOT_FOUND_MESSAGE = 'We could not find an order with these details. Check the order number and the email or postal code you used.';

// The shopper's language: ?lang=, then Accept-Language, then the order's own locale, then English.
export function chooseLocale(req: Request, lang: string | undefined, orderLocale?: string | null, preferOrder = false): LookupLocale {
  const header = req.get('accept-language')?.trim();
  const fromHeader = lookupLocaleFor(header && header !== '*' ? req.acceptsLanguages(...languageTags) || undefined : undefined);
  const fromOrder = lookupLocaleFor(orderLocale);
  return lookupLocaleFor(lang) ?? (preferOrder ? (fromOrder ?? fromHeader) : (fromHeader ?? fromOrder)) ?? 'en';
}

export type LookupQuery = z.infer<typeof lookupQuerySchema>;

// The lookup itself, shared by the JSON endpoint and the page: rate limits, blocklist, the order and
// its parcels. A blocked shopper, a wrong order and a wrong email all get the same not-found answer;
// a warning or a restriction changes nothing here (a restriction only neutralises new reports).
export async function lookUp({ db, shopId, lookupLimits }: AppServices, req: Request, query: LookupQuery) {
  const ip = clientIp(req);
  await lookupLimits.check(ip, query.order);
  const proof = query.email ? { email: query.email } : { postalCode: query.postal_code! };
  const order = await findOrderForShopper(db, shopId, query.order, proof);
  const blocked = await activeBlock(db, shopId, { ip, email: query.email ?? order?.email, customerId: order?.customer_id });
  if (!order || blocked?.level === 'blocked') return undefined;
  const locale = chooseLocale(req, query.lang, order.customer_locale);
  return { order, answer: presentLookup(order, await shipmentsWithEvents(db, order.id), locale, trackingNow()) };
}

export function lookupRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/api/v1/lookup', async (req, res) => {
    const parsed = lookupQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new AppError('bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    const found = await lookUp(services, req, parsed.data);
    res.set('Cache-Control', 'no-store');
    if (!found) throw new AppError('not_found', NOT_FOUND_MESSAGE);
    res.json(found.answer);
  });
  return router;
}
