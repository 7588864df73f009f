import { z } from 'zod';
import { saveCarrierThreshold, scanGapPercentiles } from '../../db/detection.repository.ts';
import { defineJob } from '../job.ts';

// Nightly: each carrier's stall threshold follows this shop's own scan gaps (a high percentile), so a
// carrier that routinely goes quiet for two days does not raise false alarms, and a fast one is caught
// sooner. Applied only once a carrier has enough history, within configured bounds.
export const learnThresholdsJob = defineJob({
  name: 'learn-stall-thresholds',
  payload: z.object({}),
  queue: { policy: 'exclusive', retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 },
  schedule: { cron: '40 2 * * *', payload: {} },
  async run(_payload, { db, config, logger, shopId }) {
    if (!config.STALL_LEARNING) return;
    const stats = await scanGapPercentiles(db, shopId, config.SHOP_COUNTRY, config.STALL_LEARNED_PERCENTILE / 100);
    const now = new Date();
    for (const s of stats) {
      const stallHours = Math.min(config.STALL_LEARNED_MAX_HOURS, Math.max(config.STALL_LEARNED_MIN_HOURS, s.percentileHours));
      await saveCarrierThreshold(db, { shop_id: shopId, carrier: s.carrier, scope: s.scope, stall_hours: stallHours, samples: s.samples, percentile_hours: s.percentileHours, computed_at: now });
    }
    logger.info({ carriers: stats.length }, 'stall thresholds learned');
  },
});
