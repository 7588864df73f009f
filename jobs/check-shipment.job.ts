import { defineJob } from './job.ts';
import { checkShipmentWork } from '../domain/work.ts';
import { checkShipment } from '../domain/tracking/check-shipment.ts';

// One carrier check of one shipment for one due time. The 'singleton' policy keeps two workers from
// checking the same shipment at once; a job lost with its worker expires and runs again elsewhere.
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
