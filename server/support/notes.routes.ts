import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/audit.repository.ts';
import { findShipmentWithOrder } from '../../db/console.repository.ts';
import { addSupportNote } from '../../db/support-notes.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { currentSupportUser, requireSupportUser } from './auth.ts';
import { parseShipmentId, renderShipmentPage, shipmentPath } from './shipment.routes.ts';

const noteForm = z.object({
  body: z.string().trim().min(1, 'Write something in the note first.').max(4000, 'Keep a note to 4000 characters; add a second one for the rest.'),
});

// POST /support/shipments/:id/notes: a note on the parcel's order, for the whole team.
export function noteRoutes(services: AppServices): Router {
  const router = Router();
  const { db, shopId } = services;
  router.post('/support/shipments/:id/notes', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    const principal = currentSupportUser(req);
    const form = noteForm.safeParse(req.body ?? {});
    if (!form.success) {
      const draft = typeof req.body?.body === 'string' ? req.body.body.slice(0, 8000) : '';
      return renderShipmentPage(services, req, res, id, { status: 400, message: form.error.issues[0].message, noteDraft: draft });
    }
    await db.transaction().execute(async (trx) => {
      const found = await findShipmentWithOrder(trx, shopId, id);
      if (!found) throw new AppError('not_found', 'There is no such shipment.');
      const note = await addSupportNote(trx, { shopId, orderId: found.order.id, shipmentId: id, authorId: principal.userId, body: form.data.body });
      await recordAudit(trx, { shopId, actorUserId: principal.userId, actor: principal.email, action: 'note.added', subjectKind: 'shipment', subjectId: id, details: { noteId: note.id, order: found.order.name } });
    });
    res.redirect(303, shipmentPath(id, 'note-added'));
  });
  return router;
}
