import { Router } from 'express';
import { z } from 'zod';
import { searchOrders, type OrderSearch } from '../../db/console.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { normalizeEmail, parseOrderReference } from '../../core/order-reference.ts';
import { requireSupportUser } from './auth.ts';
import { renderConsolePage } from './pages.ts';
import { presentSearchResults } from './search.presenter.ts';

const searchQuery = z.object({ q: z.string().max(254, 'Search for at most 254 characters.').optional() });

// What the agent typed, as the keys it can be: an email, or else an order ("#1001", "1001") or a
// tracking code — both tried, since a shop's order names and carriers' codes can look alike.
export function searchFor(input: string): OrderSearch | undefined {
  const text = input.normalize('NFKC').trim();
  if (!text) return undefined;
  if (text.includes('@')) return { email: normalizeEmail(text) };
  const reference = parseOrderReference(text);
  return { names: reference?.names, number: reference?.number ?? null, trackingCode: text.replace(/\s+/g, '') };
}

// GET /support/search?q=…: orders by number, email or tracking code, with their parcels.
export function searchRoutes({ db, shopId, config }: AppServices): Router {
  const router = Router();
  router.get('/support/search', requireSupportUser(), async (req, res) => {
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) throw new AppError('bad_request', parsed.error.issues[0].message);
    const q = parsed.data.q?.trim() ?? '';
    const search = searchFor(q);
    const results = search ? presentSearchResults(await searchOrders(db, shopId, search), config.SHOP_TIME_ZONE) : [];
    renderConsolePage(req, res, { name: 'support-search', title: q ? `Search: ${q}` : 'Search', data: { q, searched: Boolean(search), results } });
  });
  return router;
}
