import { z } from 'zod';
import { trackingNow } from '../core/clock.ts';
import { defineJob } from './job.ts';
import { learnFromHistory } from '../domain/detection/learn.ts';

// Nightly: stall thresholds and delivery estimates learned from this shop's own parcels.
export const learnThresholdsJob = defineJob({
  name: 'learn-stall-thresholds',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 },
  schedule: { cron: '40 2 * * *', payload: {} },
  run: (_payload, context) => learnFromHistory(context, trackingNow()),
});
