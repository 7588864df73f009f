import { defineJob } from './job.ts';
import { postFulfillmentEventWork } from '../domain/work.ts';
import { postFulfillmentEvent } from '../domain/shopify/post-fulfillment-event.ts';

export const postFulfillmentEventJob = defineJob({
  ...postFulfillmentEventWork,
  queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  work: () => ({ concurrency: 2 }),
  run: ({ postId }, context) => postFulfillmentEvent(context, postId),
});
