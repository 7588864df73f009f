import { defineJob } from './job.ts';
import { applyTrackerWebhookWork } from '../domain/work.ts';
import { applyTrackerWebhook } from '../domain/tracking/apply-tracker-webhook.ts';

// Database work only (one stored receipt applied in one transaction), so seconds at most: its expiry of
// 120 s is far above that. A job lost with its worker misses its heartbeat (jobs/queue.ts) and is
// retried after 10 to 20 s; applying a receipt twice changes nothing the first did not.
export const applyTrackerWebhookJob = defineJob({
  ...applyTrackerWebhookWork,
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  work: () => ({ concurrency: 4 }),
  run: ({ receiptId }, context) => applyTrackerWebhook(context, receiptId),
});
