import type { Tx } from '../../db/database.ts';
import { recordReceipt } from '../../db/webhook-receipts.repository.ts';
import { AppError } from '../../core/errors.ts';
import type { DomainContext } from '../context.ts';
import { syncPaymentDisputeWork, syncShopifyOrderWork, type WorkQueue } from '../work.ts';

// What a topic is about, the body field naming it, and the work that re-reads it: fulfillment bodies
// carry order_id, order and dispute bodies their own id.
interface TopicRoute {
  field: string;
  subject: 'order' | 'dispute';
  enqueue(queue: WorkQueue, trx: Tx, id: string): Promise<unknown>;
}

const orderTopic = (field: string): TopicRoute => ({
  field,
  subject: 'order',
  enqueue: (queue, trx, shopifyOrderId) => queue.enqueue(trx, syncShopifyOrderWork, { shopifyOrderId }, { singletonKey: shopifyOrderId }),
});

const disputeTopic: TopicRoute = {
  field: 'id',
  subject: 'dispute',
  enqueue: (queue, trx, shopifyDisputeId) => queue.enqueue(trx, syncPaymentDisputeWork, { shopifyDisputeId }, { singletonKey: shopifyDisputeId }),
};

const topicRoutes: Record<string, TopicRoute> = {
  FULFILLMENTS_CREATE: orderTopic('order_id'),
  FULFILLMENTS_UPDATE: orderTopic('order_id'),
  ORDERS_UPDATED: orderTopic('id'),
  ORDERS_CANCELLED: orderTopic('id'),
  ORDERS_FULFILLED: orderTopic('id'),
  ORDERS_PARTIALLY_FULFILLED: orderTopic('id'),
  DISPUTES_CREATE: disputeTopic,
  DISPUTES_UPDATE: disputeTopic,
};

// An id field as a string of digits, whether Shopify sent a number or a string.
function idField(body: unknown, field: string): string | undefined {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}

// A verified Shopify webhook: its event id, topic and parsed body.
export interface ShopifyDelivery {
  eventId: string;
  topic: string;
  body: unknown;
}

// A webhook only says which order or dispute changed; the job it turns into re-reads the truth. The
// receipt and its job are written together, once per event id, so a retry of a stored event adds
// nothing. A topic the service does not handle is ignored, and still answered.
export async function receiveShopifyWebhook(
  { db, shopId, queue, logger }: Pick<DomainContext, 'db' | 'shopId' | 'queue' | 'logger'>,
  delivery: ShopifyDelivery,
): Promise<'accepted' | 'duplicate' | 'ignored'> {
  const { eventId, topic } = delivery;
  const route = topicRoutes[topic];
  if (!route) {
    logger.info({ topic }, 'Shopify webhook topic not handled: ignored');
    return 'ignored';
  }
  const subjectId = idField(delivery.body, route.field);
  if (!subjectId) throw new AppError('bad_request', `The ${topic} webhook names no ${route.subject}.`);
  const receiptId = await db.transaction().execute(async (trx) => {
    const id = await recordReceipt(trx, { shopId, provider: 'shopify', eventId, topic });
    if (id) await route.enqueue(queue, trx, subjectId);
    return id;
  });
  return receiptId ? 'accepted' : 'duplicate';
}
