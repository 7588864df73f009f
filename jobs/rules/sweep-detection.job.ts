import { z } from 'zod';
import { shipmentsToSweep } from '../../db/detection.repository.ts';
import { lockShipment } from '../../db/shipments.repository.ts';
import { defineJob } from '../job.ts';
import { trackingNow } from '../../core/clock.ts';
import { evaluateShipment } from './evaluate.ts';

const HOUR = 3_600_000;
const BATCH = 200;

// Rules that become true with the passing of time (a stall, a never-scanned label, a passed estimate)
// have no tracking change to trigger them: every few minutes, the shipments that may now qualify are
// evaluated. The quickest threshold bounds the candidates.
export const sweepDetectionJob = defineJob({
  name: 'sweep-detection',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 60, expireInSeconds: 900 },
  schedule: { cron: '*/5 * * * *', payload: {} },
  async run(_payload, { db, config, logger, queue, shopId }) {
    const now = trackingNow();
    const quickestStall = Math.min(config.STALL_AFTER_HOURS, config.STALL_AFTER_HOURS_INTERNATIONAL, config.STALL_LEARNING ? config.STALL_LEARNED_MIN_HOURS : Infinity);
    let after: string | null = null;
    let evaluated = 0;
    for (;;) {
      const ids = await shipmentsToSweep(
        db,
        shopId,
        new Date(now.getTime() - quickestStall * HOUR),
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
