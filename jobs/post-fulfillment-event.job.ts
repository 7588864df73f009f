import { defineJob } from './job.ts';
import { postFulfillmentEventWork } from '../domain/work.ts';
import { postFulfillmentEvent } from '../domain/shopify/post-fulfillment-event.ts';

// One call to Shopify, whose requests have no deadline of their own beyond Node's (300 s for an answer
// to begin), plus throttling waits: expiry is 600 s so that a slow call is never posted a second time
// while it still runs. A job lost with its worker misses its heartbeat (jobs/queue.ts) and is retried
// after 30 to 60 s. Every way an event can be posted twice: docs/operations.md#duplicate-emails-and-fulfillment-events.
export const postFulfillmentEventJob = defineJob({
  ...postFulfillmentEventWork,
  queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  work: () => ({ concurrency: 2 }),
  run: ({ postId }, context) => postFulfillmentEvent(context, postId),
});
