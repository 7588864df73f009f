import type { DomainContext } from './context.ts';
import { ensureShopifyWebhooks } from './shopify/webhook-subscriptions.ts';
import { ensureEasyPostWebhook } from './tracking/easypost-webhook.ts';

// Makes sure Shopify and EasyPost send their webhooks to PUBLIC_URL. A refusal by Shopify (an address
// it does not accept) is logged as an error with what Shopify said, and not retried, since asking again
// changes nothing; a failure to reach either provider throws, to be retried. `npm run cli -- connect`
// does the same on demand and says more.
export async function ensureWebhooks({ shopify, config, logger, db, shopId }: Pick<DomainContext, 'shopify' | 'config' | 'logger' | 'db' | 'shopId'>): Promise<void> {
  if (shopify) {
    for (const outcome of await ensureShopifyWebhooks(shopify, config.PUBLIC_URL)) {
      if (outcome.action === 'refused') {
        logger.error({ topic: outcome.topic, uri: outcome.uri, problem: outcome.problem }, 'Shopify refused the webhook subscription: run npm run cli -- connect');
      } else if (outcome.action !== 'unchanged') {
        logger.info({ topic: outcome.topic, uri: outcome.uri }, `Shopify webhook subscription ${outcome.action}`);
      }
    }
  }
  if (config.EASYPOST_API_KEY && config.EASYPOST_WEBHOOK_SECRET) {
    const url = `${config.PUBLIC_URL}/webhooks/easypost`;
    const result = await ensureEasyPostWebhook({ db, shopId, config }, { url, secret: config.EASYPOST_WEBHOOK_SECRET });
    if (result.action !== 'unchanged') logger.info({ url, action: result.action, mode: result.mode }, 'EasyPost webhook set up');
  }
}
