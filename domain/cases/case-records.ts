import { recordAudit } from '../../db/audit.repository.ts';
import type { Tx } from '../../db/database.ts';
import { caseHasEmail } from '../../db/disputes.repository.ts';
import { nextEpisode, nextResendEpisode } from '../../db/notifications.repository.ts';
import type { Dispute, Order } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { storedAlertKind, type CaseEmailKind, type StoredAlertKind, type SupportAlertKind } from '../../core/notification-kinds.ts';
import { recordNotification } from '../notifications/record.ts';
import type { WorkQueue } from '../work.ts';

// What every step of every case writes beside the case itself: its emails (to the shopper, or an
// alert to support) and its audit entries, in the caller's transaction.

export interface CaseContext {
  config: Config;
  queue: WorkQueue;
  logger: Logger;
}

export interface Actor {
  userId: string | null;
  email: string;
}

export const NOTE_LIMIT = 2000;

// Records an email of this case and enqueues its sending: once per case and kind, unless support asks
// for it again (`repeat`). Its episode is the next free one for the parcel and kind; two cases of one
// parcel writing at the same moment make the second try the number after.
export async function emailForCase(
  trx: Tx,
  ctx: CaseContext,
  dispute: Dispute,
  order: Order,
  kind: CaseEmailKind | StoredAlertKind,
  recipient: string | null | undefined,
  locale: string,
  repeat = false,
): Promise<boolean> {
  if (!recipient) return false;
  if (!repeat) {
    if (await caseHasEmail(trx, dispute.id, kind)) return false;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const notification = await recordNotification(trx, ctx, {
      shopId: dispute.shop_id,
      shipmentId: dispute.shipment_id,
      orderId: order.id,
      disputeId: dispute.id,
      kind,
      episode: repeat ? await nextResendEpisode(trx, dispute.shipment_id, kind) : await nextEpisode(trx, dispute.shipment_id, kind),
      recipient,
      locale,
    });
    if (notification) return true;
  }
  throw new Error(`could not number the ${kind} email of case ${dispute.id}`);
}

export const shopperEmail = (trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, kind: CaseEmailKind) =>
  emailForCase(trx, ctx, dispute, order, kind, order.email, order.customer_locale ?? 'en');

export const supportAlert = (trx: Tx, ctx: CaseContext, dispute: Dispute, order: Order, alert: SupportAlertKind) =>
  emailForCase(trx, ctx, dispute, order, storedAlertKind(alert), ctx.config.SUPPORT_EMAIL, 'en');

export async function audit(trx: Tx, dispute: Dispute, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit(trx, { shopId: dispute.shop_id, actorUserId: actor.userId, actor: actor.email, action, subjectKind: 'dispute', subjectId: dispute.id, details });
}
