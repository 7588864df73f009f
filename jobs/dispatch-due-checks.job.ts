import { z } from 'zod';
import { defineJob } from './job.ts';
import { dispatchDueChecks } from '../domain/tracking/dispatch-due-checks.ts';

// Runs every minute (and whenever a worker nudges it); the 'exclusive' policy keeps at most one
// queued or running, however many workers nudge.
export const dispatchDueChecksJob = defineJob({
  name: 'dispatch-due-checks',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 1, expireInSeconds: 300, deleteAfterSeconds: 600 },
  schedule: { cron: '* * * * *', payload: {} },
  async run(_payload, context) {
    if (!context.carrier) return;
    const dispatched = await dispatchDueChecks(context);
    if (dispatched > 0) context.logger.info({ dispatched }, 'due shipments handed to check jobs');
  },
});
