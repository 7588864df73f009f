import type { Config } from '../../core/config.ts';
import type { Tx } from '../../db/database.ts';
import { createNotification, updateNotification, type NewNotification } from '../../db/notifications.repository.ts';
import type { Notification } from '../../db/schema.ts';
import { sendNotificationWork, type WorkQueue } from '../work.ts';

export interface RecordContext {
  config: Pick<Config, 'PUBLIC_URL'>;
  queue: WorkQueue;
}

// Every email starts here, whoever asks for it (a rule, a case, support's "send again"): its row and its
// send job, in the caller's transaction, so an email exists only if what caused it commits. The row is
// unique per (shipment, kind, episode): undefined means this email was already recorded. An email
// decided against is still recorded, as suppressed with its reason, so support sees it was not sent.
export async function recordNotification(
  trx: Tx,
  { config, queue }: RecordContext,
  n: Omit<NewNotification, 'messageDomain'>,
  suppressedReason?: string,
): Promise<Notification | undefined> {
  const notification = await createNotification(trx, { ...n, messageDomain: new URL(config.PUBLIC_URL).hostname });
  if (!notification) return undefined;
  if (suppressedReason) await updateNotification(trx, notification.id, { state: 'suppressed', suppressed_reason: suppressedReason });
  else await queue.enqueue(trx, sendNotificationWork, { notificationId: notification.id });
  return notification;
}
