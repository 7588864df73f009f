import { Router } from 'express';
import { z } from 'zod';
import { findNotification } from '../../db/notifications.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import { renderEmail } from '../../emails/render.ts';
import { brandingFrom, composeNotification } from '../../domain/notifications/compose.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { requireSupportUser } from './auth.ts';

const notificationId = z.uuid();

// Mail holds what carriers and shoppers wrote: shown under a policy that runs nothing, loads nothing
// but images, and treats the page as a sandboxed, foreign origin.
export const MAIL_PREVIEW_CSP = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox";

// GET /support/notifications/:id/preview: the email as it would be sent now (the state of the parcel
// today, the shopper's language), HTML by default or ?format=text.
export function notificationPreviewRoutes({ db, shopId, config, secretKey }: AppServices): Router {
  const router = Router();
  router.get('/support/notifications/:id/preview', requireSupportUser(), async (req, res) => {
    const id = notificationId.safeParse(req.params.id);
    const notification = id.success ? await findNotification(db, id.data) : undefined;
    if (!notification || notification.shop_id !== shopId) throw new AppError('not_found', 'There is no such email.');
    const shipment = notification.shipment_id ? await findShipment(db, notification.shipment_id) : undefined;
    const order = notification.order_id ? await findOrderById(db, notification.order_id) : undefined;
    const composed = await composeNotification(db, notification, shipment, order, { config, secretKey }).catch((error: unknown) => {
      throw new AppError('not_found', 'This email cannot be previewed: its parcel or order is gone, or its kind has no template.', { cause: error });
    });
    const email = await renderEmail({ kind: composed.kind, locale: notification.locale, props: composed.props, branding: brandingFrom(config), unsubscribeUrl: composed.unsubscribeUrl });
    res.set({ 'Content-Security-Policy': MAIL_PREVIEW_CSP, 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    if (req.query.format === 'text') res.type('text/plain').send(`To: ${notification.recipient}\nSubject: ${email.subject}\n\n${email.text}`);
    else res.type('html').send(email.html);
  });
  return router;
}
