import type { JobDefinition } from './job.ts';
import { pruneWebhookReceipts } from './prune-webhook-receipts.job.ts';

// Every job the service runs. Workers subscribe to each; schedules are (re)declared at worker start.
export const jobs = {
  pruneWebhookReceipts,
} as const;

export const allJobs: ReadonlyArray<JobDefinition<any>> = Object.values(jobs);
