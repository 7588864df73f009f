import { Router } from 'express';
import { latestAuditEntries } from '../../db/audit.repository.ts';
import type { AppServices } from '../services.ts';
import { requireSupportUser } from './auth.ts';
import { presentAuditEntries } from './audit.presenter.ts';
import { renderConsolePage } from './pages.ts';

const SHOWN = 200;

// GET /support/audit: the latest entries of the audit log, for admins.
export function auditRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/support/audit', requireSupportUser({ role: 'admin' }), async (req, res) => {
    const entries = presentAuditEntries(await latestAuditEntries(services.db, services.shopId, SHOWN), services.config.SHOP_TIME_ZONE);
    renderConsolePage(req, res, { name: 'support-audit', title: 'Audit log', data: { entries, shown: SHOWN } });
  });
  return router;
}
