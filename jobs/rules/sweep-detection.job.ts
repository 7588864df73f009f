import { z } from 'zod';
import { listCarrierThresholds, shipmentsToSweep, type QuietCutoffs } from '../../db/detection.repository.ts';
import { lockShipment } from '../../db/shipments.repository.ts';
import { defineJob } from '../job.ts';
import { trackingNow } from '../../core/clock.ts';
import { evaluateShipment } from './evaluate.ts';
import { quickestStallHours, type ThresholdConfig } from './stall-threshold.ts';

const HOUR = 3_600_000;
const BATCH = 200;

// The moment before which each carrier's parcels have been quiet long enough to be worth evaluating.
export function quietCutoffs(config: ThresholdConfig, learned: Parameters<typeof quickestStallHours>[1], now: Date): QuietCutoffs {
  const quickest = quickestStallHours(config, learned);
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);
  return { byCarrier: new Map([...quickest.byCarrier].map(([carrier, hours]) => [carrier, hoursAgo(hours)])), otherwise: hoursAgo(quickest.otherwise) };
}

// Rules that become true with the passing of time (a stall, a never-scanned label, a passed estimate)
// have no tracking change to trigger them: every few minutes, the shipments that may now qualify are
// evaluated. Each carrier's quickest stall threshold bounds its candidates (a learned 24 h for one
// carrier does not make every other carrier's parcels quiet for a day candidates).
export const sweepDetectionJob = defineJob({
  name: 'sweep-detection',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 60, expireInSeconds: 900 },
  schedule: { cron: '*/5 * * * *', payload: {} },
  async run(_payload, { db, config, logger, queue, shopId }) {
    const now = trackingNow();
    const quietSince = quietCutoffs(config, await listCarrierThresholds(db, shopId), now);
    let after: string | null = null;
    let evaluated = 0;
    for (;;) {
      const ids = await shipmentsToSweep(
        db,
        shopId,
        quietSince,
        new Date(now.getTime() - config.NEVER_SCANNED_DAYS * 24 * HOUR),
        new Date(now.getTime() - (24 + config.LATE_GRACE_HOURS) * HOUR),
        after,
        BATCH,
      );
      for (const id of ids) {
        await db.transaction().execute(async (trx) => {
          const shipment = await lockShipment(trx, id);
          if (shipment) await evaluateShipment(trx, shipment, now, { config, logger, queue });
        });
      }
      evaluated += ids.length;
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1];
    }
    if (evaluated) logger.debug({ evaluated }, 'time-based rules swept');
  },
});
