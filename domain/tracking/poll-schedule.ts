import type { Config } from '../../core/config.ts';
import { isTerminal, meaningOf, type TrackingStatus } from './easypost-vocabulary.ts';

// When to ask the carrier next: a pure function of the shipment's state and the clock, so it can be
// tested and replayed in simulation. Cost and freshness pull against each other; the rules spend
// checks where news is likely (out for delivery, the estimated delivery day, a stall threshold about
// to be crossed) and few elsewhere.

const HOUR = 3_600_000;

export interface PollPolicy {
  outForDeliveryHours: number;
  inTransitHours: number;
  nearDeliveryHours: number;
  nearDeliveryWindowHours: number;
  preTransitHours: number;
  unknownFirstHours: number;
  unknownMaxHours: number;
  slowHours: number;
  stalledHours: number;
  backstopHours: number;
  expireDays: number;
  retryMinutes: number;
  jitter: number;
  stallAfterHours: number;
  // Answers in status `error` in a row after which checks stop.
  errorMaxChecks: number;
  webhooks: boolean;
}

export interface ScheduleState {
  status: TrackingStatus;
  statusDetail?: string | null;
  trackingStartedAt: Date;
  lastScanAt: Date | null;
  lastChangeAt: Date | null;
  estDeliveryAt: Date | null;
  failures: number;
  // Answers in status `error` in a row, this one included.
  errorChecks?: number;
}

export function pollPolicyFrom(config: Config): PollPolicy {
  return {
    outForDeliveryHours: config.POLL_OUT_FOR_DELIVERY_HOURS,
    inTransitHours: config.POLL_IN_TRANSIT_HOURS,
    nearDeliveryHours: config.POLL_NEAR_DELIVERY_HOURS,
    nearDeliveryWindowHours: config.POLL_NEAR_DELIVERY_WINDOW_HOURS,
    preTransitHours: config.POLL_PRE_TRANSIT_HOURS,
    unknownFirstHours: config.POLL_UNKNOWN_FIRST_HOURS,
    unknownMaxHours: config.POLL_UNKNOWN_MAX_HOURS,
    slowHours: config.POLL_SLOW_HOURS,
    stalledHours: config.POLL_STALLED_HOURS,
    backstopHours: config.POLL_BACKSTOP_HOURS,
    expireDays: config.POLL_EXPIRE_DAYS,
    retryMinutes: config.POLL_RETRY_MINUTES,
    jitter: config.POLL_JITTER,
    stallAfterHours: config.STALL_AFTER_HOURS,
    errorMaxChecks: config.POLL_ERROR_MAX_CHECKS,
    webhooks: Boolean(config.EASYPOST_WEBHOOK_SECRET),
  };
}

function baseIntervalHours(state: ScheduleState, now: Date, policy: PollPolicy): number {
  // The cadence comes from the vocabulary table (easypost-vocabulary.ts).
  switch (meaningOf(state.status, state.statusDetail).poll) {
    case 'out_for_delivery':
      return policy.outForDeliveryHours;
    case 'in_transit': {
      const stalledFor = state.lastScanAt ? (now.getTime() - state.lastScanAt.getTime()) / HOUR : 0;
      if (stalledFor >= policy.stallAfterHours) return policy.stalledHours;
      const untilEstimate = state.estDeliveryAt ? (state.estDeliveryAt.getTime() - now.getTime()) / HOUR : Infinity;
      return untilEstimate <= policy.nearDeliveryWindowHours ? policy.nearDeliveryHours : policy.inTransitHours;
    }
    case 'pre_transit':
      return policy.preTransitHours;
    case 'unknown':
    case 'error': {
      // Back off while the carrier knows nothing: 1 h, 2 h, 4 h… up to the cap, by age.
      const ageHours = Math.max(0, (now.getTime() - state.trackingStartedAt.getTime()) / HOUR);
      return Math.min(policy.unknownMaxHours, Math.max(policy.unknownFirstHours, 2 ** Math.floor(Math.log2(1 + ageHours))));
    }
    default:
      return policy.slowHours;
  }
}

// The next check time, or null when tracking should stop (terminal status, expired: no update for
// `expireDays`, or a tracker EasyPost answered with `error` too many times in a row).
export function nextCheckAt(state: ScheduleState, now: Date, policy: PollPolicy, random: () => number = Math.random): Date | null {
  if (isTerminal(state.status)) return null;
  // EasyPost cannot track the code: a few tries (a carrier's hiccup clears), then no more cost.
  if (state.status === 'error' && (state.errorChecks ?? 0) >= policy.errorMaxChecks) return null;
  const lastNews = state.lastChangeAt ?? state.trackingStartedAt;
  if (now.getTime() - lastNews.getTime() >= policy.expireDays * 24 * HOUR) return null;

  let hours = baseIntervalHours(state, now, policy);
  if (policy.webhooks) hours = Math.max(hours, policy.backstopHours);
  // After a failed check, try again soon, backing off with each failure in a row.
  if (state.failures > 0) hours = Math.min(hours, (policy.retryMinutes / 60) * 2 ** (state.failures - 1));
  let at = now.getTime() + hours * HOUR * (1 + policy.jitter * (2 * random() - 1));

  if (state.status === 'in_transit') {
    // Never sleep past the moment the near-delivery checks should start…
    const nearFrom = state.estDeliveryAt && state.estDeliveryAt.getTime() - policy.nearDeliveryWindowHours * HOUR;
    // …nor past a stall threshold: check right after it is crossed, so a stall is confirmed when it happens.
    const stallAt = state.lastScanAt && state.lastScanAt.getTime() + policy.stallAfterHours * HOUR + 5 * 60_000;
    for (const moment of [nearFrom, stallAt]) {
      if (moment && moment > now.getTime() && moment < at) at = moment;
    }
  }
  return new Date(at);
}
