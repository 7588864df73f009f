import { z } from 'zod';
import { defineJob } from './job.ts';
import { ensureWebhooks } from '../domain/ensure-webhooks.ts';

// Asked for by every worker when it starts (SUBSCRIBE_WEBHOOKS), retried with backoff while a provider
// is out of reach.
export const ensureWebhooksJob = defineJob({
  name: 'ensure-webhooks',
  payload: z.object({}),
  queue: { policy: 'singleton', retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  run: (_payload, context) => ensureWebhooks(context),
});
