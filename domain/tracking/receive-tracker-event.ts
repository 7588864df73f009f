import { followsTracker } from '../../db/shipments.repository.ts';
import { recordReceipt } from '../../db/webhook-receipts.repository.ts';
import { withoutNul } from '../../core/text.ts';
import type { DomainContext } from '../context.ts';
import { applyTrackerWebhookWork } from '../work.ts';

// An EasyPost event, as the webhook door read it once its signature checked out.
export interface TrackerEvent {
  id: string;
  description: string;
  result?: { id: string; object: string; tracking_code?: string | null } | null;
}

export type DeliveryOutcome = 'accepted' | 'duplicate' | 'ignored';

// Keeps the signed event of a tracker we follow and enqueues its application, once per event id: the
// receipt and its job are written together, so a retry of a stored event finds the receipt and adds
// nothing. Any other event is ignored, and still answered, so EasyPost does not send it again.
export async function receiveTrackerEvent(
  { db, shopId, queue, logger }: Pick<DomainContext, 'db' | 'shopId' | 'queue' | 'logger'>,
  event: TrackerEvent,
  signedBody: unknown,
): Promise<DeliveryOutcome> {
  const tracker = event.result;
  // A tracker without a tracking code cannot be one of ours.
  if (!event.description.startsWith('tracker.') || tracker?.object !== 'Tracker' || !tracker.tracking_code) return 'ignored';
  if (!(await followsTracker(db, shopId, tracker.id, tracker.tracking_code))) {
    logger.info({ eventId: event.id, trackerId: tracker.id }, 'EasyPost webhook for an unknown tracker: ignored');
    return 'ignored';
  }
  const receiptId = await db.transaction().execute(async (trx) => {
    const id = await recordReceipt(trx, { shopId, provider: 'easypost', eventId: event.id, topic: event.description, payload: withoutNul(signedBody) });
    if (id) await queue.enqueue(trx, applyTrackerWebhookWork, { receiptId: id });
    return id;
  });
  return receiptId ? 'accepted' : 'duplicate';
}
