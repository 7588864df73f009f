import { findShipmentByTracker, lockShipment } from '../../db/shipments.repository.ts';
import { findReceipt } from '../../db/webhook-receipts.repository.ts';
import { onShipmentChanged } from '../after-change.ts';
import { applySnapshot } from './apply-snapshot.ts';
import { nextCheckAt, pollPolicyFrom } from './poll-schedule.ts';
import { parseTracker } from './tracker-snapshot.ts';
import { reportUnknownVocabulary } from './easypost-vocabulary.ts';
import { trackingNow } from '../../core/clock.ts';
import type { DomainContext } from '../context.ts';

// Stores the tracker an EasyPost tracker.updated webhook carried. The body was signed by EasyPost, so
// it is a true snapshot of that moment; it may still arrive after a newer poll, which applySnapshot
// handles. The payload names the stored receipt; the tracker is read from there.
export async function applyTrackerWebhook({ db, config, logger, queue, shopId }: Pick<DomainContext, 'db' | 'config' | 'logger' | 'queue' | 'shopId'>, receiptId: string): Promise<void> {
  const receipt = await findReceipt(db, receiptId);
  const event = receipt?.payload as { result?: unknown } | null | undefined;
  if (!event?.result) {
    logger.warn({ receiptId }, 'webhook receipt has no tracker to apply');
    return;
  }
  const snapshot = parseTracker(event.result);
  reportUnknownVocabulary(snapshot.unknownValues, (fields, message) => logger.warn({ ...fields, receiptId }, message));
  const found = await findShipmentByTracker(db, shopId, snapshot.trackerId, snapshot.trackingCode);
  if (!found) {
    logger.info({ trackerId: snapshot.trackerId }, 'webhook for a tracker we do not follow: ignored');
    return;
  }
  await db.transaction().execute(async (trx) => {
    const shipment = await lockShipment(trx, found.id);
    if (!shipment || shipment.retired_at) return;
    const now = trackingNow();
    const policy = pollPolicyFrom(config);
    const applied = await applySnapshot(trx, shipment, snapshot, now, (state, changed) => (changed ? { next_check_at: nextCheckAt(state, now, policy) } : {}));
    if (!applied.changed) return;
    const { shipment: updated, previousStatus, statusChanged, newEvents } = applied;
    await onShipmentChanged(trx, { shipment: updated, previousStatus, statusChanged, newEvents, source: 'webhook', now }, { config, logger, queue });
  });
}
