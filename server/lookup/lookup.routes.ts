import { Router } from 'express';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { lookUp, lookupQuerySchema, NOT_FOUND_MESSAGE } from '../../domain/lookup/lookup.ts';
import { shopperOf } from '../views/shopper-page.ts';
import { presentLookup } from './lookup.presenter.ts';

// GET /api/v1/lookup: the lookup as JSON (server/lookup/openapi.yaml).
export function lookupRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/api/v1/lookup', async (req, res) => {
    const parsed = lookupQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new AppError('bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    const found = await lookUp(services, shopperOf(req, parsed.data.lang), parsed.data);
    res.set('Cache-Control', 'no-store');
    if (!found) throw new AppError('not_found', NOT_FOUND_MESSAGE);
    res.json(presentLookup(found));
  });
  return router;
}
