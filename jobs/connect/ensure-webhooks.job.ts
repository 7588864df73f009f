import { z } from 'zod';
import { defineJob } from '../job.ts';
import { ensureShopifyWebhooks } from '../shopify/webhook-subscriptions.ts';

// Asked for by every worker when it starts (SUBSCRIBE_WEBHOOKS): makes sure Shopify sends its webhooks
// to PUBLIC_URL. A refusal by Shopify (an address it does not accept) is logged as an error with what
// Shopify said, and not retried, since asking again changes nothing; a failure to reach Shopify is
// retried with backoff. `npm run cli -- connect` does the same on demand and says more.
export const ensureWebhooksJob = defineJob({
  name: 'ensure-webhooks',
  payload: z.object({}),
  queue: { policy: 'singleton', retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  async run(_payload, { shopify, config, logger }) {
    if (!shopify) return;
    const outcomes = await ensureShopifyWebhooks(shopify, config.PUBLIC_URL);
    for (const outcome of outcomes) {
      if (outcome.action === 'refused') {
        logger.error({ topic: outcome.topic, uri: outcome.uri, problem: outcome.problem }, 'Shopify refused the webhook subscription: run npm run cli -- connect');
      } else if (outcome.action !== 'unchanged') {
        logger.info({ topic: outcome.topic, uri: outcome.uri }, `Shopify webhook subscription ${outcome.action}`);
      }
    }
  },
});
