import { claimDueShipments } from '../../db/shipments.repository.ts';
import type { DomainContext } from '../context.ts';
import { checkShipmentWork } from '../work.ts';
import { trackingNow } from '../../core/clock.ts';

const BATCH = 500;

// Hands every due shipment to a check job, in batches. The claim and the jobs are written in one
// transaction: a shipment is never marked as handed out without its job existing, and vice versa.
export async function dispatchDueChecks(ctx: Pick<DomainContext, 'db' | 'config' | 'queue'>, now = trackingNow()): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      const leaseUntil = new Date(now.getTime() + ctx.config.CHECK_LEASE_SECONDS * 1000);
      const due = await claimDueShipments(trx, now, leaseUntil, BATCH);
      await ctx.queue.enqueueMany(
        trx,
        checkShipmentWork,
        due.map((s) => ({
          data: { shipmentId: s.id, dueAt: s.next_check_at.toISOString() },
          singletonKey: s.id,
          expireInSeconds: ctx.config.POLL_JOB_TIMEOUT_SECONDS,
        })),
      );
      return due.length;
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}
