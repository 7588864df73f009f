import type { Tx } from '../../db/database.ts';
import { createNotification, lastNotifiedAt, updateNotification } from '../../db/notifications.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import type { ChangeContext } from '../tracking/shipment-change.ts';
import { sendNotificationJob } from './send-notification.job.ts';

export type ShopperEmailKind = 'shipped' | 'stalled' | 'late' | 'never_scanned' | 'action_needed' | 'returning' | 'delivered';

const enabledBy: Record<ShopperEmailKind, keyof Config> = {
  shipped: 'EMAIL_SHIPPED',
  stalled: 'EMAIL_DELAYED',
  late: 'EMAIL_DELAYED',
  never_scanned: 'EMAIL_NEVER_SCANNED',
  action_needed: 'EMAIL_ACTION_NEEDED',
  returning: 'EMAIL_RETURNING',
  delivered: 'EMAIL_DELIVERED',
};

const DELAY_KINDS = ['stalled', 'late'];

export interface NotifyInput {
  shipment: Shipment;
  order: Order | undefined;
  kind: ShopperEmailKind;
  episode: number;
  issueId?: string;
  now: Date;
}

function messageDomain(config: Config): string {
  return new URL(config.PUBLIC_URL).hostname;
}

// Records the shopper's email for this (shipment, kind, episode) — once, ever — and enqueues its
// sending in the same transaction. A second delay email within the minimum gap is recorded as
// suppressed, so support sees it was deliberately not sent.
export async function notifyShopper(trx: Tx, input: NotifyInput, { config, queue, logger }: ChangeContext): Promise<void> {
  const { shipment, order, kind } = input;
  if (!config[enabledBy[kind]] || !order) return;
  if (!order.email) {
    logger.info({ shipmentId: shipment.id, kind }, 'order has no email address: shopper not notified');
    return;
  }
  const recentDelay = DELAY_KINDS.includes(kind) ? await lastNotifiedAt(trx, shipment.id, DELAY_KINDS) : undefined;
  const notification = await createNotification(trx, {
    shopId: shipment.shop_id,
    shipmentId: shipment.id,
    orderId: order.id,
    issueId: input.issueId,
    kind,
    episode: input.episode,
    recipient: order.email,
    locale: order.customer_locale ?? 'en',
    messageDomain: messageDomain(config),
  });
  if (!notification) return;
  if (recentDelay && input.now.getTime() - recentDelay.getTime() < config.DELAY_EMAIL_MIN_GAP_HOURS * 3_600_000) {
    await updateNotification(trx, notification.id, { state: 'suppressed', suppressed_reason: 'recently_notified' });
    return;
  }
  await queue.enqueue(trx, sendNotificationJob, { notificationId: notification.id });
}

// An alert to the shop's support address for something a person must look at.
export async function notifySupport(trx: Tx, input: Omit<NotifyInput, 'kind'> & { kind: string }, { config, queue }: ChangeContext): Promise<void> {
  if (!config.SUPPORT_EMAIL) return;
  const notification = await createNotification(trx, {
    shopId: input.shipment.shop_id,
    shipmentId: input.shipment.id,
    orderId: input.order?.id ?? null,
    issueId: input.issueId,
    kind: `alert:${input.kind}`,
    episode: input.episode,
    recipient: config.SUPPORT_EMAIL,
    locale: 'en',
    messageDomain: messageDomain(config),
  });
  if (notification) await queue.enqueue(trx, sendNotificationJob, { notificationId: notification.id });
}
