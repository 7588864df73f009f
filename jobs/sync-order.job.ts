import { defineJob } from './job.ts';
import { syncShopifyOrderWork } from '../domain/work.ts';
import { syncShopifyOrder } from '../domain/shopify/sync-order.ts';

export const syncShopifyOrderJob = defineJob({
  ...syncShopifyOrderWork,
  queue: { policy: 'singleton', retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  work: () => ({ concurrency: 4 }),
  run: ({ shopifyOrderId }, context) => syncShopifyOrder(context, shopifyOrderId),
});
