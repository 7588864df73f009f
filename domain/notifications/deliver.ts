import { activeBlock } from '../../db/blocklist.repository.ts';
import type { Db } from '../../db/database.ts';
import { findNotification, updateNotification } from '../../db/notifications.repository.ts';
import { findOrderById } from '../../db/orders.repository.ts';
import type { Notification, Order, Shipment } from '../../db/schema.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import { addEmailSuppression, emailSuppression } from '../../db/email-suppressions.repository.ts';
import { MailDeliveryError } from '../../emails/transport.ts';
import type { Logger } from '../../core/logger.ts';
import { isProactiveKind, isSupportAlert } from '../../core/notification-kinds.ts';
import { emailsHandled } from '../../core/metrics.ts';

export interface OutgoingNotification {
  notification: Notification;
  shipment: Shipment | undefined;
  order: Order | undefined;
}

// Renders and hands one notification to the mail transport. Throws MailDeliveryError on failure.
export interface NotificationMailer {
  deliver(outgoing: OutgoingNotification): Promise<void>;
}

export interface DeliverySettings {
  // A full block suppresses proactive emails (BLOCK_SUPPRESSES_EMAILS).
  blockSuppressesEmails: boolean;
}

// Why a notification must not go out now, re-read at send time: nothing older decides it. Only a full
// block stops mail, and only what we send unasked: replies to the shopper's own report still go.
async function suppressionReason(db: Db, n: Notification, shipment: Shipment | undefined, order: Order | undefined, settings: DeliverySettings): Promise<string | undefined> {
  if (isSupportAlert(n.kind)) return undefined;
  // The emails of a not-received case answer the shopper's own report: they go whatever became of the
  // parcel's tracking, and an opt-out from tracking emails does not silence them.
  const proactive = isProactiveKind(n.kind) && !n.dispute_id;
  if (order?.cancelled_at && proactive) return 'order_cancelled';
  if (shipment?.retired_at && proactive) return 'shipment_retired';
  if (settings.blockSuppressesEmails && proactive) {
    const block = await activeBlock(db, n.shop_id, { email: n.recipient, customerId: order?.customer_id });
    if (block?.level === 'blocked') return 'customer_blocked';
  }
  const suppression = await emailSuppression(db, n.shop_id, n.recipient);
  if (suppression === 'bounced') return 'bounced';
  if (suppression === 'opt_out' && proactive) return 'opted_out';
  return undefined;
}

// Sends one recorded notification, once: pending → sent, or suppressed with its reason, or failed
// for good on a permanent SMTP refusal. A transient failure is rethrown so the job retries later
// with backoff; a crash between sending and marking sends at most one duplicate, with the same
// Message-ID.
export async function deliverNotification(
  db: Db,
  mailer: NotificationMailer,
  notificationId: string,
  logger: Logger,
  settings: DeliverySettings = { blockSuppressesEmails: true },
): Promise<void> {
  const notification = await findNotification(db, notificationId);
  if (!notification || notification.state !== 'pending') return;
  const shipment = notification.shipment_id ? await findShipment(db, notification.shipment_id) : undefined;
  const order = notification.order_id ? await findOrderById(db, notification.order_id) : undefined;
  const reason = await suppressionReason(db, notification, shipment, order, settings);
  if (reason) {
    await updateNotification(db, notificationId, { state: 'suppressed', suppressed_reason: reason });
    emailsHandled.inc({ kind: notification.kind, outcome: 'suppressed' });
    logger.info({ notificationId, kind: notification.kind, reason }, 'email suppressed');
    return;
  }
  const attempts = notification.attempts + 1;
  try {
    await mailer.deliver({ notification, shipment, order });
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    const message = error.message.slice(0, 500);
    if (error.kind === 'permanent') {
      await updateNotification(db, notificationId, { state: 'failed', attempts, last_error: message });
      emailsHandled.inc({ kind: notification.kind, outcome: 'failed' });
      if (error.responseCode && error.responseCode >= 550 && error.responseCode <= 553) await addEmailSuppression(db, notification.shop_id, notification.recipient, 'bounced');
      logger.warn({ notificationId, code: error.responseCode }, 'email refused for good');
      return;
    }
    await updateNotification(db, notificationId, { attempts, last_error: message });
    throw error;
  }
  await updateNotification(db, notificationId, { state: 'sent', attempts, sent_at: new Date(), last_error: null });
  emailsHandled.inc({ kind: notification.kind, outcome: 'sent' });
}
