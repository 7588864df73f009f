import { claimDueShipments } from '../../db/shipments.repository.ts';
import type { DomainContext } from '../context.ts';
import { checkShipment, type CheckOutcome } from './check-shipment.ts';
import { trackingNow } from '../../core/clock.ts';

export type CheckTally = Record<CheckOutcome, number>;

// Checks every shipment that is due, in this process, with bounded concurrency, then returns — the
// operator's `poll --due`. Shipments are claimed with the same lease as the workers', so running it
// beside them checks nothing twice.
export async function checkDueNow(
  ctx: Pick<DomainContext, 'db' | 'config' | 'logger' | 'queue' | 'carrier'>,
  onProgress: (tally: CheckTally) => void = () => {},
): Promise<CheckTally> {
  const tally: CheckTally = { checked: 0, stale: 0, failed: 0, no_carrier: 0 };
  const batchSize = Math.max(ctx.config.POLL_CONCURRENCY * 4, 100);
  for (;;) {
    const now = trackingNow();
    const leaseUntil = new Date(now.getTime() + ctx.config.CHECK_LEASE_SECONDS * 1000);
    const due = await ctx.db.transaction().execute((trx) => claimDueShipments(trx, now, leaseUntil, batchSize));
    if (due.length === 0) return tally;
    let next = 0;
    const lane = async () => {
      while (next < due.length) {
        const shipment = due[next++];
        tally[await checkShipment(ctx, shipment.id, shipment.next_check_at)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.config.POLL_CONCURRENCY, due.length) }, lane));
    onProgress(tally);
    if (tally.no_carrier > 0) return tally;
  }
}
