import { latestFulfillmentEventStatus, recordFulfillmentEventPost } from '../../db/fulfillment-event-posts.repository.ts';
import type { ShipmentChangeHandler } from '../tracking/shipment-change.ts';
import { postFulfillmentEventJob } from './post-fulfillment-event.job.ts';
import { isTrackingStatus, meaningOf } from '../tracking/easypost-vocabulary.ts';

// EasyPost's status and detail in Shopify's fulfillment event vocabulary, from the vocabulary table
// (which has no return-to-sender in Shopify's words: a returning parcel failed to reach the shopper).
export function shopifyEventStatus(status: string, statusDetail: string | null): string | null {
  return isTrackingStatus(status) ? meaningOf(status, statusDetail).shopify : null;
}

// With SHOPIFY_WRITE_BACK on, each change of a shipment's status as Shopify sees it becomes one
// fulfillment event, recorded here in the change's transaction and posted by a job.
export const recordShopifyWriteBack: ShipmentChangeHandler = async (trx, { shipment, now }, { config, queue }) => {
  if (!config.SHOPIFY_WRITE_BACK || !shipment.fulfillment_id) return;
  const status = shopifyEventStatus(shipment.status, shipment.status_detail);
  if (!status || (await latestFulfillmentEventStatus(trx, shipment.id)) === status) return;
  const destination = shipment.destination;
  const postId = await recordFulfillmentEventPost(trx, {
    shopId: shipment.shop_id,
    shipmentId: shipment.id,
    fulfillmentId: shipment.fulfillment_id,
    status,
    happenedAt: shipment.last_event_at ?? now,
    details: {
      estimatedDeliveryAt: shipment.est_delivery_at?.toISOString() ?? null,
      city: destination?.city ?? null,
      province: destination?.state ?? null,
      country: destination?.country ?? null,
      zip: destination?.zip ?? null,
    },
  });
  if (postId) await queue.enqueue(trx, postFulfillmentEventJob, { postId });
};
