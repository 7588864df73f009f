import { Router } from 'express';
import { supportConsoleCounts } from '../../db/support-overview.repository.ts';
import type { AppServices } from '../services.ts';
import { requireSupportUser } from './auth.ts';
import { presentConsoleCounts } from './console.presenter.ts';
import { renderConsolePage } from './pages.ts';

// GET /support: the console's front page, for any signed-in support user.
export function consoleRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/support', requireSupportUser(), async (req, res) => {
    const counts = presentConsoleCounts(await supportConsoleCounts(services.db, services.shopId));
    renderConsolePage(req, res, { name: 'support-console', title: 'Support console', data: { counts } });
  });
  return router;
}
