import { Router } from 'express';
import { z } from 'zod';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { currentSupportUser, requireSupportUser } from './auth.ts';
import { resendShipmentEmail, resumeShipmentTracking, stopShipmentTracking } from '../../domain/console/shipment-actions.ts';
import { parseShipmentId, shipmentPath } from './shipment.routes.ts';

const notificationId = z.uuid();

// What support can do to a parcel from its page: stop or resume tracking, and send an email again.
export function shipmentActionRoutes(services: AppServices): Router {
  const router = Router();
  const { db, shopId } = services;

  router.post('/support/shipments/:id/stop-tracking', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    await stopShipmentTracking(db, shopId, id, currentSupportUser(req), new Date());
    res.redirect(303, shipmentPath(id, 'tracking-stopped'));
  });

  router.post('/support/shipments/:id/resume-tracking', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    await resumeShipmentTracking(db, shopId, id, currentSupportUser(req), new Date());
    res.redirect(303, shipmentPath(id, 'tracking-resumed'));
  });

  router.post('/support/notifications/:id/resend', requireSupportUser(), async (req, res) => {
    const id = notificationId.safeParse(req.params.id);
    if (!id.success) throw new AppError('not_found', 'There is no such email.');
    const copy = await resendShipmentEmail(services, id.data, currentSupportUser(req));
    res.redirect(303, shipmentPath(copy.shipment_id, 'notification-resent'));
  });

  return router;
}
