import { defineJob } from './job.ts';
import { applyTrackerWebhookWork } from '../domain/work.ts';
import { applyTrackerWebhook } from '../domain/tracking/apply-tracker-webhook.ts';

export const applyTrackerWebhookJob = defineJob({
  ...applyTrackerWebhookWork,
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  work: () => ({ concurrency: 4 }),
  run: ({ receiptId }, context) => applyTrackerWebhook(context, receiptId),
});
