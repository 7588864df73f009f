import { Router } from 'express';
import { z } from 'zod';
import { ordersWithShipmentsByEmail } from '../../db/support-overview.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { authenticateApiToken } from '../../domain/console/api-tokens.ts';
import { presentHelpdeskLookup } from './helpdesk.presenter.ts';

const ORDERS_SHOWN = 50;

const lookupQuery = z.object({
  email: z.string().trim().min(3, 'email is required').max(254, 'email is too long').refine((e) => e.includes('@'), 'email must be an email address'),
});

// GET /api/v1/support/lookup?email=…: a customer's orders and parcels for a helpdesk sidebar,
// authenticated with a helpdesk API token (Authorization: Bearer …).
export function helpdeskRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/api/v1/support/lookup', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    await authenticateApiToken(services, req.get('authorization'));
    const query = lookupQuery.safeParse(req.query);
    if (!query.success) throw new AppError('bad_request', query.error.issues.map((i) => i.message).join('; '));
    const orders = await ordersWithShipmentsByEmail(services.db, services.shopId, query.data.email, ORDERS_SHOWN);
    res.json(presentHelpdeskLookup(query.data.email, orders, services.config.PUBLIC_URL));
  });
  return router;
}
