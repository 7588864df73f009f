import { listOpenIssues } from '../../db/detection.repository.ts';
import type { Tx } from '../../db/database.ts';
import { latestFulfillmentEventPost, recordFulfillmentEventPost } from '../../db/fulfillment-event-posts.repository.ts';
import type { Shipment } from '../../db/schema.ts';
import { issueKindsShowing, type IssueShopifyEvent } from '../../core/notification-kinds.ts';
import type { ChangeContext, ShipmentChangeHandler } from '../tracking/shipment-change.ts';
import { postFulfillmentEventWork } from '../work.ts';
import { isTrackingStatus, meaningOf } from '../tracking/easypost-vocabulary.ts';

// EasyPost's status and detail in Shopify's fulfillment event vocabulary, from the vocabulary table
// (which has no return-to-sender in Shopify's words: a returning parcel failed to reach the shopper).
export function shopifyEventStatus(status: string, statusDetail: string | null): string | null {
  return isTrackingStatus(status) ? meaningOf(status, statusDetail).shopify : null;
}

async function record(trx: Tx, shipment: Shipment, status: string, happenedAt: Date, { queue }: ChangeContext): Promise<void> {
  const destination = shipment.destination;
  const postId = await recordFulfillmentEventPost(trx, {
    shopId: shipment.shop_id,
    shipmentId: shipment.id,
    fulfillmentId: shipment.fulfillment_id!,
    status,
    happenedAt,
    details: {
      estimatedDeliveryAt: shipment.est_delivery_at?.toISOString() ?? null,
      city: destination?.city ?? null,
      province: destination?.state ?? null,
      country: destination?.country ?? null,
      zip: destination?.zip ?? null,
    },
  });
  if (postId) await queue.enqueue(trx, postFulfillmentEventWork, { postId });
}

// With SHOPIFY_WRITE_BACK on, each change of a shipment's status as Shopify sees it becomes one
// fulfillment event, recorded here in the change's transaction and posted by a job. While Shopify
// shows the rules' DELAYED or FAILURE and an episode that says so is open (a delayed one, a presumed
// lost one: core/notification-kinds.ts), another scan in transit changes nothing there; going out for
// delivery, being delivered or an episode ending does.
export const recordShopifyWriteBack: ShipmentChangeHandler = async (trx, { shipment, now }, context) => {
  if (!context.config.SHOPIFY_WRITE_BACK || !shipment.fulfillment_id) return;
  const status = shopifyEventStatus(shipment.status, shipment.status_detail);
  if (!status) return;
  const latest = await latestFulfillmentEventPost(trx, shipment.id);
  if (latest?.status === status) return;
  const heldBy = latest ? issueKindsShowing(latest.status) : [];
  if (heldBy.length && status === 'IN_TRANSIT' && (await listOpenIssues(trx, shipment.id)).some((i) => heldBy.includes(i.kind))) return;
  await record(trx, shipment, status, shipment.last_event_at ?? now, context);
};

// A new delayed episode (DELAYED) or a presumed-lost case (FAILURE): once, unless Shopify already
// shows it. Shopify's order status page and its shipping notifications then say so.
export async function recordIssueWriteBack(trx: Tx, shipment: Shipment, status: IssueShopifyEvent, now: Date, context: ChangeContext): Promise<void> {
  if (!context.config.SHOPIFY_WRITE_BACK || !shipment.fulfillment_id) return;
  if ((await latestFulfillmentEventPost(trx, shipment.id))?.status === status) return;
  await record(trx, shipment, status, now, context);
}
