import { Router } from 'express';
import { z } from 'zod';
import { addShipmentNote } from '../../domain/console/notes.ts';
import type { AppServices } from '../services.ts';
import { currentSupportUser, requireSupportUser } from './auth.ts';
import { parseShipmentId, renderShipmentPage, shipmentPath } from './shipment.routes.ts';

const noteForm = z.object({
  body: z.string().trim().min(1, 'Write something in the note first.').max(4000, 'Keep a note to 4000 characters; add a second one for the rest.'),
});

// POST /support/shipments/:id/notes: a note on the parcel's order, for the whole team.
export function noteRoutes(services: AppServices): Router {
  const router = Router();
  router.post('/support/shipments/:id/notes', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    const principal = currentSupportUser(req);
    const form = noteForm.safeParse(req.body ?? {});
    if (!form.success) {
      const draft = typeof req.body?.body === 'string' ? req.body.body.slice(0, 8000) : '';
      return renderShipmentPage(services, req, res, id, { status: 400, message: form.error.issues[0].message, noteDraft: draft });
    }
    await addShipmentNote(services, id, principal, form.data.body);
    res.redirect(303, shipmentPath(id, 'note-added'));
  });
  return router;
}
