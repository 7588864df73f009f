import express, { Router } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import { receiveShopifyWebhook } from '../../domain/shopify/receive-webhook.ts';
import { createShopify } from '../../domain/shopify/shopify.client.ts';
import type { AppServices } from '../services.ts';
import { shopifyWebhookSecret } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import { parseShopifyBody } from './shopify-body.ts';

// Shopify webhooks: verified with the client's own validate() on the raw body, then deduplicated by
// event id and turned into a job that re-reads the order or dispute. The answer comes before any call
// to Shopify, well inside its five seconds.
export function shopifyWebhookRoutes(services: AppServices): Router {
  const { config, logger } = services;
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
    const eventId = (check.webhookType === 'webhooks' ? check.eventId : undefined) ?? check.webhookId;
    res.json({ status: await receiveShopifyWebhook(services, { eventId, topic: check.topic, body }) });
  });
  return router;
}
