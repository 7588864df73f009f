import type { Tx } from '../../db/database.ts';
import { lastNotifiedAt } from '../../db/notifications.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import { delayedKinds, isDelayed, notificationKinds, storedAlertKind, type SupportAlertKind, type TrackingEmailKind } from '../../core/notification-kinds.ts';
import type { ChangeContext } from '../tracking/shipment-change.ts';
import { recordNotification } from './record.ts';

export interface NotifyInput {
  shipment: Shipment;
  order: Order | undefined;
  kind: TrackingEmailKind;
  episode: number;
  issueId?: string;
  now: Date;
}

// Records the shopper's email for this (shipment, kind, episode) — once, ever — and enqueues its
// sending in the same transaction. A second delay email within the minimum gap is recorded as
// suppressed, so support sees it was deliberately not sent.
export async function notifyShopper(trx: Tx, input: NotifyInput, { config, queue, logger }: ChangeContext): Promise<void> {
  const { shipment, order, kind } = input;
  if (!config[notificationKinds[kind].shopper.setting] || !order) return;
  if (!order.email) {
    logger.info({ shipmentId: shipment.id, kind }, 'order has no email address: shopper not notified');
    return;
  }
  const recentDelay = isDelayed(kind) ? await lastNotifiedAt(trx, shipment.id, delayedKinds) : undefined;
  const tooSoon = recentDelay !== undefined && input.now.getTime() - recentDelay.getTime() < config.DELAY_EMAIL_MIN_GAP_HOURS * 3_600_000;
  const email = {
    shopId: shipment.shop_id,
    shipmentId: shipment.id,
    orderId: order.id,
    issueId: input.issueId,
    kind,
    episode: input.episode,
    recipient: order.email,
    locale: order.customer_locale ?? 'en',
  };
  await recordNotification(trx, { config, queue }, email, tooSoon ? 'recently_notified' : undefined);
}

// An alert to the shop's support address for something a person must look at.
export async function notifySupport(trx: Tx, input: Omit<NotifyInput, 'kind'> & { kind: SupportAlertKind }, { config, queue }: ChangeContext): Promise<void> {
  if (!config.SUPPORT_EMAIL) return;
  await recordNotification(trx, { config, queue }, {
    shopId: input.shipment.shop_id,
    shipmentId: input.shipment.id,
    orderId: input.order?.id ?? null,
    issueId: input.issueId,
    kind: storedAlertKind(input.kind),
    episode: input.episode,
    recipient: config.SUPPORT_EMAIL,
    locale: 'en',
  });
}
