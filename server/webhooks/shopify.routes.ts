import express, { Router } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import type { Tx } from '../../db/database.ts';
import { recordReceipt } from '../../db/webhook-receipts.repository.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { jobs } from '../../jobs/registry.ts';
import { createShopify } from '../../domain/shopify/shopify.client.ts';
import type { AppServices } from '../services.ts';
import { shopifyWebhookSecret } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import { idField, parseShopifyBody } from './shopify-body.ts';

// What a topic is about, the body field naming it, and the job that re-reads it: fulfillment bodies
// carry order_id, order and dispute bodies their own id.
interface TopicRoute {
  field: string;
  subject: 'order' | 'dispute';
  enqueue(queue: JobQueue, trx: Tx, id: string): Promise<unknown>;
}

const orderTopic = (field: string): TopicRoute => ({
  field,
  subject: 'order',
  enqueue: (queue, trx, shopifyOrderId) => queue.enqueue(trx, jobs.syncShopifyOrder, { shopifyOrderId }, { singletonKey: shopifyOrderId }),
});

const disputeTopic: TopicRoute = {
  field: 'id',
  subject: 'dispute',
  enqueue: (queue, trx, shopifyDisputeId) => queue.enqueue(trx, jobs.syncPaymentDispute, { shopifyDisputeId }, { singletonKey: shopifyDisputeId }),
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

// Shopify webhooks: verified with the client's own validate() on the raw body, deduplicated by event
// id, and turned into a job that re-reads the order or dispute — inside one transaction with the
// receipt. The answer comes before any call to Shopify, well inside its five seconds.
export function shopifyWebhookRoutes({ config, db, queue, logger, shopId }: AppServices): Router {
  const router = Router();
  const shopify: Shopify | undefined = shopifyWebhookSecret(config) ? createShopify(config) : undefined;

  router.post('/webhooks/shopify', express.raw({ type: () => true, limit: config.HTTP_BODY_LIMIT }), async (req, res) => {
    if (!shopify) throw new AppError('unauthorized', 'Shopify webhooks are not configured here.');
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const check = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) throw new AppError('unauthorized', `The webhook failed verification (${check.reason}).`);

    let body: unknown;
    try {
      body = parseShopifyBody(rawBody);
    } catch {
      logger.warn({ topic: check.topic, webhookId: check.webhookId }, 'signed Shopify webhook with a malformed body');
      throw new AppError('bad_request', 'The webhook body is not valid JSON.');
    }
    if (config.SHOPIFY_SHOP && check.domain !== config.SHOPIFY_SHOP) {
      logger.warn({ domain: check.domain }, 'Shopify webhook for another shop: ignored');
      res.json({ status: 'ignored' });
      return;
    }
    const route = topicRoutes[check.topic];
    const subjectId = route ? idField(body, route.field) : undefined;
    if (!route || !subjectId) {
      if (route) throw new AppError('bad_request', `The ${check.topic} webhook names no ${route.subject}.`);
      logger.info({ topic: check.topic }, 'Shopify webhook topic not handled: ignored');
      res.json({ status: 'ignored' });
      return;
    }
    const eventId = (check.webhookType === 'webhooks' ? check.eventId : undefined) ?? check.webhookId;
    const receiptId = await db.transaction().execute(async (trx) => {
      const id = await recordReceipt(trx, { shopId, provider: 'shopify', eventId, topic: check.topic });
      if (id) await route.enqueue(queue, trx, subjectId);
      return id;
    });
    res.json({ status: receiptId ? 'accepted' : 'duplicate' });
  });
  return router;
}
