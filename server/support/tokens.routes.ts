import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { listApiTokens } from '../../db/api-tokens.repository.ts';
import type { AppServices } from '../services.ts';
import { createApiToken, revokeToken } from '../../domain/console/api-tokens.ts';
import { currentSupportUser, requireSupportUser } from './auth.ts';
import { renderConsolePage } from './pages.ts';
import { presentApiTokens } from './tokens.presenter.ts';

const newTokenForm = z.object({ name: z.string().trim().min(1, 'Give the token a name.').max(80, 'Use at most 80 characters for the name.') });
const tokenId = z.uuid();

// Admins create helpdesk API tokens (shown once) and revoke them.
export function tokenRoutes(services: AppServices): Router {
  const router = Router();
  const { db, shopId, config } = services;
  const admin = requireSupportUser({ role: 'admin' });

  async function page(req: Request, res: Response, view: { status?: number; message?: string; notice?: string; created?: { name: string; token: string }; name?: string } = {}) {
    const tokens = presentApiTokens(await listApiTokens(db, shopId), config.SHOP_TIME_ZONE);
    renderConsolePage(req, res, { name: 'support-tokens', title: 'API tokens', status: view.status, data: { tokens, ...view } });
  }

  router.get('/support/tokens', admin, (req, res) => page(req, res));

  router.post('/support/tokens', admin, async (req, res) => {
    const form = newTokenForm.safeParse(req.body ?? {});
    if (!form.success) return page(req, res, { status: 400, message: form.error.issues[0].message });
    const created = await createApiToken(db, shopId, currentSupportUser(req), form.data.name);
    services.logger.info({ tokenId: created.id }, 'helpdesk API token created');
    await page(req, res, { status: 201, created: { name: created.name, token: created.token } });
  });

  router.post('/support/tokens/:id/revoke', admin, async (req, res) => {
    const id = tokenId.safeParse(req.params.id);
    const revoked = id.success && (await revokeToken(db, shopId, currentSupportUser(req), id.data));
    if (!revoked) return page(req, res, { status: 404, message: 'There is no active token by that id: it may have been revoked already.' });
    await page(req, res, { notice: 'The token was revoked: requests with it are refused from now on.' });
  });

  return router;
}
