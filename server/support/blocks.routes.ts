import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { listBlocks } from '../../db/blocklist.repository.ts';
import { addBlockEntry, liftBlockEntry } from '../../domain/console/blocks.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { csrfField, currentSupportUser, requireSupportUser } from './auth.ts';
import { parseBlockForm } from './blocks.form.ts';
import { presentBlocks } from './blocks.presenter.ts';
import { renderConsolePage } from './pages.ts';
import { shipmentPath } from './shipment.routes.ts';

const entryId = z.uuid();
const confirmations: Record<string, string> = { added: 'Block entry added.', lifted: 'Block entry lifted: it has no effect from now on.' };

type FormValues = Record<string, string | undefined>;

// Any agent may warn or restrict; a full block and lifting any entry are for admins.
export function blockRoutes(services: AppServices): Router {
  const router = Router();
  const { db, shopId, config } = services;

  async function page(req: Request, res: Response, view: { status?: number; message?: string; values?: FormValues } = {}) {
    const now = new Date();
    const { active, ended } = await listBlocks(db, shopId, now);
    const done = typeof req.query.done === 'string' && Object.hasOwn(confirmations, req.query.done) ? confirmations[req.query.done] : null;
    const values = view.values ?? {};
    renderConsolePage(req, res, {
      name: 'support-blocks',
      title: 'Blocks',
      status: view.status,
      data: {
        active: presentBlocks(active, now, config.SHOP_TIME_ZONE),
        ended: presentBlocks(ended, now, config.SHOP_TIME_ZONE),
        message: view.message,
        notice: view.message ? null : done,
        isAdmin: currentSupportUser(req).role === 'admin',
        csrf: csrfField(req),
        newEntry: { id: 'new-block', subjectKind: values.subject_kind ?? 'email', subject: values.subject, level: values.level ?? 'warning', reason: values.reason, expires: values.expires },
      },
    });
  }

  router.get('/support/blocks', requireSupportUser(), (req, res) => page(req, res));

  router.post('/support/blocks', requireSupportUser(), async (req, res) => {
    const principal = currentSupportUser(req);
    const parsed = parseBlockForm(req.body, new Date());
    if ('problem' in parsed) return page(req, res, { status: 400, message: parsed.problem, values: req.body as FormValues });
    const { input } = parsed;
    if (input.level === 'blocked' && principal.role !== 'admin') throw new AppError('forbidden', 'Only an admin can add a full block. Add a warning or a restriction, and ask an admin.');
    await addBlockEntry(services, principal, input);
    const from = entryId.safeParse((req.body as FormValues | undefined)?.shipment_id);
    res.redirect(303, from.success ? shipmentPath(from.data, 'block-added') : '/support/blocks?done=added');
  });

  router.post('/support/blocks/:id/lift', requireSupportUser({ role: 'admin' }), async (req, res) => {
    const principal = currentSupportUser(req);
    const id = entryId.safeParse(req.params.id);
    const lifted = id.success && (await liftBlockEntry(services, principal, id.data));
    if (!lifted) throw new AppError('not_found', 'There is no entry in force by that id: it may have been lifted already, or have expired.');
    res.redirect(303, '/support/blocks?done=lifted');
  });

  return router;
}
