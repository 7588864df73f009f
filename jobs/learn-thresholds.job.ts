import { z } from 'zod';
import { trackingNow } from '../core/clock.ts';
import { learnDeliveryEstimates } from '../db/delivery-estimates.repository.ts';
import { saveCarrierThreshold, scanGapPercentiles } from '../db/detection.repository.ts';
import { defineJob } from './job.ts';

// Parcels delivered within this many days teach the delivery estimates: recent enough to follow a
// carrier that got faster or slower, long enough to hold a season.
const ESTIMATE_HISTORY_DAYS = 180;

// Nightly: each carrier's stall threshold follows this shop's own scan gaps (a high percentile), so a
// carrier that routinely goes quiet for two days does not raise false alarms, and a fast one is caught
// sooner. Applied only once a carrier has enough history, within configured bounds. The same run learns
// the delivery estimates (db/delivery-estimates.repository.ts) from the parcels delivered lately.
export const learnThresholdsJob = defineJob({
  name: 'learn-stall-thresholds',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 },
  schedule: { cron: '40 2 * * *', payload: {} },
  async run(_payload, { db, config, logger, shopId }) {
    const now = trackingNow();
    const since = new Date(now.getTime() - ESTIMATE_HISTORY_DAYS * 86_400_000);
    const estimates = await learnDeliveryEstimates(db, shopId, config.SHOP_COUNTRY, config.ESTIMATE_MIN_SAMPLES, since, now);
    logger.info({ lanes: estimates.length }, 'delivery estimates learned');
    if (!config.STALL_LEARNING) return;
    const stats = await scanGapPercentiles(db, shopId, config.SHOP_COUNTRY, config.STALL_LEARNED_PERCENTILE / 100);
    for (const s of stats) {
      const stallHours = Math.min(config.STALL_LEARNED_MAX_HOURS, Math.max(config.STALL_LEARNED_MIN_HOURS, s.percentileHours));
      await saveCarrierThreshold(db, { shop_id: shopId, carrier: s.carrier, scope: s.scope, stall_hours: stallHours, samples: s.samples, percentile_hours: s.percentileHours, computed_at: now });
    }
    logger.info({ carriers: stats.length }, 'stall thresholds learned');
  },
});
