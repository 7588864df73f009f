import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { activeBlock } from '../../db/blocklist.repository.ts';
import { disputesOfOrder, findShipmentWithOrder, notificationsOfShipment, openIssuesOf } from '../../db/console.repository.ts';
import { listSupportNotes } from '../../db/support-notes.repository.ts';
import { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import type { AppServices } from '../services.ts';
import { AppError } from '../../core/errors.ts';
import { csrfField, currentSupportUser, requireSupportUser } from './auth.ts';
import { blockFormDefaults } from './blocks.form.ts';
import { renderConsolePage } from './pages.ts';
import { presentShipmentView } from './shipment.presenter.ts';

const shipmentId = z.uuid();

// What an action redirects back with (?done=…): fixed words, so nothing typed travels in the URL.
const confirmations: Record<string, string> = {
  'note-added': 'Note added.',
  'tracking-stopped': 'Tracking stopped: no more checks and no more proactive emails for this parcel.',
  'tracking-resumed': 'Tracking resumed: the parcel is checked again now.',
  'notification-resent': 'The email was queued to be sent again.',
  'block-added': 'Block entry added.',
};

export const shipmentPath = (id: string, done?: keyof typeof confirmations) => `/support/shipments/${id}${done ? `?done=${done}` : ''}`;

export function parseShipmentId(value: unknown): string {
  const id = shipmentId.safeParse(value);
  if (!id.success) throw new AppError('not_found', 'There is no such shipment.');
  return id.data;
}

export interface ShipmentPageState {
  status?: number;
  message?: string;
  noteDraft?: string;
}

// The shipment view, also re-rendered by the note form when what was typed needs correcting.
export async function renderShipmentPage({ db, shopId, config }: AppServices, req: Request, res: Response, id: string, state: ShipmentPageState = {}): Promise<void> {
  const found = await findShipmentWithOrder(db, shopId, id);
  if (!found) throw new AppError('not_found', 'There is no such shipment.');
  const { shipment, order } = found;
  const [issues, events, notifications, disputes, notes, block] = await Promise.all([
    openIssuesOf(db, shipment.id),
    listTrackingEvents(db, shipment.id),
    notificationsOfShipment(db, shopId, shipment.id),
    disputesOfOrder(db, shopId, order.id),
    listSupportNotes(db, shopId, order.id),
    activeBlock(db, shopId, { email: order.email, customerId: order.customer_id }),
  ]);
  const view = presentShipmentView({ shipment, order, issues, events, notifications, disputes, notes, block }, config.SHOP_TIME_ZONE);
  const done = typeof req.query.done === 'string' && Object.hasOwn(confirmations, req.query.done) ? confirmations[req.query.done] : null;
  renderConsolePage(req, res, {
    name: 'support-shipment',
    title: `${order.name} · ${shipment.tracking_code}`,
    status: state.status,
    data: {
      view,
      notice: state.message ? null : done,
      message: state.message,
      noteDraft: state.noteDraft,
      csrf: csrfField(req),
      isAdmin: currentSupportUser(req).role === 'admin',
      blockForms: blockFormDefaults(order, shipment.id),
    },
  });
}

// GET /support/shipments/:id: one parcel with its order, timeline, emails, cases, notes and actions.
export function shipmentRoutes(services: AppServices): Router {
  const router = Router();
  router.get('/support/shipments/:id', requireSupportUser(), (req, res) => renderShipmentPage(services, req, res, parseShipmentId(req.params.id)));
  return router;
}
