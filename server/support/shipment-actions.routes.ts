import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/audit.repository.ts';
import { resumeTracking, stopTracking } from '../../db/console.repository.ts';
import { lockNotification, nextResendEpisode } from '../../db/notifications.repository.ts';
import { recordNotification } from '../../jobs/notifications/record.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { currentSupportUser, requireSupportUser } from './auth.ts';
import { parseShipmentId, shipmentPath } from './shipment.routes.ts';

const notificationId = z.uuid();

// What support can do to a parcel from its page: stop or resume tracking, and send an email again.
export function shipmentActionRoutes(services: AppServices): Router {
  const router = Router();
  const { db, shopId, queue, config } = services;

  router.post('/support/shipments/:id/stop-tracking', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    const principal = currentSupportUser(req);
    await db.transaction().execute(async (trx) => {
      const stopped = await stopTracking(trx, shopId, id, new Date());
      if (!stopped) throw new AppError('conflict', 'Tracking of this parcel is stopped already (or there is no such parcel).');
      await recordAudit(trx, { shopId, actorUserId: principal.userId, actor: principal.email, action: 'shipment.tracking_stopped', subjectKind: 'shipment', subjectId: id });
    });
    res.redirect(303, shipmentPath(id, 'tracking-stopped'));
  });

  router.post('/support/shipments/:id/resume-tracking', requireSupportUser(), async (req, res) => {
    const id = parseShipmentId(req.params.id);
    const principal = currentSupportUser(req);
    await db.transaction().execute(async (trx) => {
      const resumed = await resumeTracking(trx, shopId, id, new Date());
      if (!resumed) throw new AppError('conflict', 'Only tracking stopped from the console can be resumed, and this parcel’s was not (or there is no such parcel).');
      await recordAudit(trx, { shopId, actorUserId: principal.userId, actor: principal.email, action: 'shipment.tracking_resumed', subjectKind: 'shipment', subjectId: id });
    });
    res.redirect(303, shipmentPath(id, 'tracking-resumed'));
  });

  // A new row (a resend's own episode) rather than resetting the old one: each sending keeps its own record.
  router.post('/support/notifications/:id/resend', requireSupportUser(), async (req, res) => {
    const id = notificationId.safeParse(req.params.id);
    if (!id.success) throw new AppError('not_found', 'There is no such email.');
    const principal = currentSupportUser(req);
    const shipmentId = await db.transaction().execute(async (trx) => {
      const original = await lockNotification(trx, id.data);
      if (!original || original.shop_id !== shopId) throw new AppError('not_found', 'There is no such email.');
      if (original.kind.startsWith('alert:')) throw new AppError('bad_request', 'Alerts to support are not resent; only emails to the shopper are.');
      if (!original.shipment_id) throw new AppError('bad_request', 'This email belongs to no parcel, so it cannot be resent from here.');
      if (original.state === 'pending') throw new AppError('conflict', 'This email is still waiting to be sent: there is nothing to resend yet.');
      const episode = await nextResendEpisode(trx, original.shipment_id, original.kind);
      const copy = await recordNotification(trx, { config, queue }, {
        shopId,
        shipmentId: original.shipment_id,
        orderId: original.order_id,
        issueId: original.issue_id,
        disputeId: original.dispute_id,
        kind: original.kind,
        episode,
        recipient: original.recipient,
        locale: original.locale,
      });
      if (!copy) throw new AppError('conflict', 'Someone resent this email at the same moment; reload the page to see it.');
      await recordAudit(trx, {
        shopId,
        actorUserId: principal.userId,
        actor: principal.email,
        action: 'notification.resent',
        subjectKind: 'notification',
        subjectId: copy.id,
        details: { original: original.id, kind: original.kind, episode, recipient: original.recipient },
      });
      return original.shipment_id;
    });
    res.redirect(303, shipmentPath(shipmentId, 'notification-resent'));
  });

  return router;
}
