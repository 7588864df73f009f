import { defineJob } from './job.ts';
import { submitDisputeEvidenceWork } from '../domain/work.ts';
import { sendEvidenceToShopify } from '../domain/cases/send-evidence.ts';

const RETRY_LIMIT = 4;

export const submitDisputeEvidenceJob = defineJob({
  ...submitDisputeEvidenceWork,
  queue: { policy: 'singleton', retryLimit: RETRY_LIMIT, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  work: () => ({ concurrency: 1 }),
  run: ({ disputeId, requestedBy }, context, job) => sendEvidenceToShopify(context, disputeId, requestedBy, { number: job.retryCount + 1, last: job.retryCount >= RETRY_LIMIT }),
});
