import { z } from 'zod';
import { defineJob } from './job.ts';
import { sweepDetection } from '../domain/sweep.ts';

// Every five minutes (and every few seconds on the demo's fast clock), the rules that become true with
// the passing of time.
export const sweepDetectionJob = defineJob({
  name: 'sweep-detection',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 60, expireInSeconds: 900 },
  schedule: { cron: '*/5 * * * *', payload: {} },
  async run(_payload, context) {
    const evaluated = await sweepDetection(context);
    if (evaluated) context.logger.debug({ evaluated }, 'time-based rules swept');
  },
});
