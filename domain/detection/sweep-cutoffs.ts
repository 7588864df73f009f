import type { QuietCutoffs, SweepCutoffs } from '../../db/detection.repository.ts';
import type { Config } from '../../core/config.ts';
import { quickestStallHours, type ThresholdConfig } from './stall-threshold.ts';

const HOUR = 3_600_000;

const ago = (now: Date, hours: number) => new Date(now.getTime() - hours * HOUR);

type LearnedThresholds = Parameters<typeof quickestStallHours>[1];

// Which parcels the sweep (domain/sweep.ts) takes up: the moment before which each carrier's parcels have been quiet long enough to be worth evaluating.
export function quietCutoffs(config: ThresholdConfig, learned: LearnedThresholds, now: Date): QuietCutoffs {
  const quickest = quickestStallHours(config, learned);
  return { byCarrier: new Map([...quickest.byCarrier].map(([carrier, hours]) => [carrier, ago(now, hours)])), otherwise: ago(now, quickest.otherwise) };
}

// The quickest threshold of each rule bounds its candidates (each carrier's own for a stall: a learned
// 24 h for one carrier does not make every other carrier's parcels quiet for a day candidates); the
// rules decide precisely (an international parcel's lost threshold, working days).
export function sweepCutoffs(config: Config, learned: LearnedThresholds, now: Date): SweepCutoffs {
  return {
    quietSince: quietCutoffs(config, learned, now),
    createdBefore: ago(now, config.NEVER_SCANNED_DAYS * 24),
    estimateBefore: ago(now, 24 + config.LATE_GRACE_HOURS),
    lostQuietSince: ago(now, Math.min(config.LOST_AFTER_DAYS, config.LOST_AFTER_DAYS_INTERNATIONAL) * 24),
    silentSince: ago(now, config.POLL_EXPIRE_DAYS * 24),
    // Parcels silent for more than twice the tracking expiry are history: the first sweep after an
    // upgrade opens no cases for a shop's old parcels (a tracking change still evaluates them).
    historyBefore: ago(now, 2 * config.POLL_EXPIRE_DAYS * 24),
    // Working days are never fewer hours than calendar days.
    stallOpenedBefore: ago(now, config.STALL_FOLLOW_UP_DAYS * 24),
  };
}
