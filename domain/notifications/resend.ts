import { recordAudit } from '../../db/audit.repository.ts';
import type { Tx } from '../../db/database.ts';
import { lockNotification, nextResendEpisode } from '../../db/notifications.repository.ts';
import type { Notification } from '../../db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { isSupportAlert } from '../../core/notification-kinds.ts';
import { recordNotification, type RecordContext } from './record.ts';

// Support's "send again" on an email to a shopper: a new row (a resend's own episode) rather than
// resetting the old one, so each sending keeps its own record; audited, in the caller's transaction.
export async function resendNotification(
  trx: Tx,
  ctx: RecordContext,
  request: { shopId: string; notificationId: string; actor: { userId: string | null; email: string } },
): Promise<Notification & { shipment_id: string }> {
  const { shopId, actor } = request;
  const original = await lockNotification(trx, request.notificationId);
  if (!original || original.shop_id !== shopId) throw new AppError('not_found', 'There is no such email.');
  if (isSupportAlert(original.kind)) throw new AppError('bad_request', 'Alerts to support are not resent; only emails to the shopper are.');
  if (!original.shipment_id) throw new AppError('bad_request', 'This email belongs to no parcel, so it cannot be resent from here.');
  if (original.state === 'pending') throw new AppError('conflict', 'This email is still waiting to be sent: there is nothing to resend yet.');
  const episode = await nextResendEpisode(trx, original.shipment_id, original.kind);
  const copy = await recordNotification(trx, ctx, {
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
    actorUserId: actor.userId,
    actor: actor.email,
    action: 'notification.resent',
    subjectKind: 'notification',
    subjectId: copy.id,
    details: { original: original.id, kind: original.kind, episode, recipient: original.recipient },
  });
  return { ...copy, shipment_id: original.shipment_id };
}
