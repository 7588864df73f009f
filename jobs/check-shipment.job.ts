import { defineJob } from './job.ts';
import { checkShipmentWork } from '../domain/work.ts';
import { checkShipment } from '../domain/tracking/check-shipment.ts';

// One carrier check of one shipment for one due time. The 'singleton' policy keeps two workers from
// checking the same shipment at once; a job lost with its worker misses its heartbeat (jobs/queue.ts)
// and runs again elsewhere after its retry delay, within about 80 s.
// Expiry is set per job at dispatch (POLL_JOB_TIMEOUT_SECONDS, 120 s), and the 120 here is for a job
// sent otherwise: the longest honest check waits for one carrier call ahead of it (twice as many checks
// as carrier slots) and makes its own, each under EASYPOST_TIMEOUT_MS (15 s), then one transaction, so
// about 40 s. A duplicate check is harmless anyway: only the run holding the due time stores it.
export const checkShipmentJob = defineJob({
  ...checkShipmentWork,
  queue: { policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, deleteAfterSeconds: 3600 },
  // Twice as many checks as carrier requests in flight: while some wait on the database, others keep
  // every carrier slot busy (the adapter caps requests in flight at POLL_CONCURRENCY).
  work: (config) => ({ concurrency: 2 * config.POLL_CONCURRENCY }),
  async run({ shipmentId, dueAt }, context) {
    const outcome = await checkShipment(context, shipmentId, new Date(dueAt));
    if (outcome === 'no_carrier') context.logger.warn({ shipmentId }, 'no EasyPost key configured: shipment not checked');
  },
});
