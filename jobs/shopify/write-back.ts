import { latestFulfillmentEventStatus, recordFulfillmentEventPost } from '../../db/fulfillment-event-posts.repository.ts';
import type { ShipmentChangeHandler } from '../tracking/shipment-change.ts';
import { postFulfillmentEventJob } from './post-fulfillment-event.job.ts';

const ATTEMPT_DETAILS = new Set(['delivery_exception', 'delivery_attempted', 'attempted_delivery', 'address_correction']);

// EasyPost's status in Shopify's fulfillment event vocabulary (which has no return-to-sender: a
// returning parcel failed to reach the shopper).
export function shopifyEventStatus(status: string, statusDetail: string | null): string | null {
  switch (status) {
    case 'in_transit':
      return statusDetail && ATTEMPT_DETAILS.has(statusDetail) ? 'ATTEMPTED_DELIVERY' : 'IN_TRANSIT';
    case 'out_for_delivery':
      return 'OUT_FOR_DELIVERY';
    case 'delivered':
      return 'DELIVERED';
    case 'available_for_pickup':
      return 'READY_FOR_PICKUP';
    case 'failure':
    case 'return_to_sender':
      return 'FAILURE';
    default:
      return null;
  }
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
