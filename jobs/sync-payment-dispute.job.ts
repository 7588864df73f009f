import { defineJob } from './job.ts';
import { syncPaymentDisputeWork } from '../domain/work.ts';
import { syncPaymentDispute } from '../domain/cases/sync-payment-dispute.ts';

export const syncPaymentDisputeJob = defineJob({
  ...syncPaymentDisputeWork,
  queue: { policy: 'singleton', retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  work: () => ({ concurrency: 2 }),
  run: ({ shopifyDisputeId }, context) => syncPaymentDispute(context, shopifyDisputeId),
});
