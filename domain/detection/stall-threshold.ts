import type { Selectable } from 'kysely';
import type { CarrierThresholdsTable } from '../../db/schema.ts';
import type { Config } from '../../core/config.ts';
import type { StallThreshold } from './conditions.ts';

export type ThresholdConfig = Pick<
  Config,
  'STALL_AFTER_HOURS' | 'STALL_AFTER_HOURS_INTERNATIONAL' | 'STALL_CARRIER_HOURS' | 'STALL_LEARNING' | 'STALL_LEARNED_MIN_SAMPLES' | 'STALL_LEARNED_MIN_HOURS' | 'STALL_LEARNED_MAX_HOURS' | 'STALL_LEARNED_PERCENTILE'
>;

export function parseCarrierHours(value: string | undefined): Map<string, number> {
  const map = new Map<string, number>();
  for (const pair of (value ?? '').split(',')) {
    const [carrier, hours] = pair.split('=').map((s) => s.trim());
    if (carrier && hours) map.set(carrier.toLowerCase(), Number(hours));
  }
  return map;
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

// The stall threshold for a carrier: learned from the shop's own scan gaps once there is enough
// history (within configured bounds), else configured per carrier, else the domestic or
// international default. The explanation says which, for the support view.
export function stallThresholdFor(
  carrier: string | null,
  international: boolean,
  config: ThresholdConfig,
  learned?: Selectable<CarrierThresholdsTable>,
): StallThreshold {
  const scope = international ? 'international' : 'domestic';
  if (config.STALL_LEARNING && learned && learned.samples >= config.STALL_LEARNED_MIN_SAMPLES) {
    const hours = Math.round(clamp(learned.percentile_hours, config.STALL_LEARNED_MIN_HOURS, config.STALL_LEARNED_MAX_HOURS));
    return {
      hours,
      explanation:
        `learned from ${learned.samples} ${scope} scan gaps of ${carrier} parcels in this shop: ` +
        `${config.STALL_LEARNED_PERCENTILE}th percentile ${learned.percentile_hours.toFixed(1)} h, kept within ` +
        `${config.STALL_LEARNED_MIN_HOURS}–${config.STALL_LEARNED_MAX_HOURS} h`,
    };
  }
  const configured = carrier ? parseCarrierHours(config.STALL_CARRIER_HOURS).get(carrier.toLowerCase()) : undefined;
  if (configured !== undefined) return { hours: configured, explanation: `configured for ${carrier} (STALL_CARRIER_HOURS)` };
  return international
    ? { hours: config.STALL_AFTER_HOURS_INTERNATIONAL, explanation: 'default for international parcels (STALL_AFTER_HOURS_INTERNATIONAL)' }
    : { hours: config.STALL_AFTER_HOURS, explanation: 'default for domestic parcels (STALL_AFTER_HOURS)' };
}

// How long a parcel of each carrier may stay quiet before its stall threshold can have passed, at the
// least (the lower of its domestic and international thresholds): the sweep's first cut. Carriers
// with a threshold of their own (configured, or learned from enough scan gaps) are listed by lower-case
// name; every other carrier, or none, gets the quicker of the two defaults.
export function quickestStallHours(config: ThresholdConfig, learned: ReadonlyArray<Selectable<CarrierThresholdsTable>>): { byCarrier: Map<string, number>; otherwise: number } {
  const carriers = new Set([...parseCarrierHours(config.STALL_CARRIER_HOURS).keys(), ...learned.map((row) => row.carrier.toLowerCase())]);
  const byCarrier = new Map<string, number>();
  for (const carrier of carriers) {
    const rowOf = (scope: 'domestic' | 'international') => learned.find((row) => row.carrier.toLowerCase() === carrier && row.scope === scope);
    byCarrier.set(carrier, Math.min(stallThresholdFor(carrier, false, config, rowOf('domestic')).hours, stallThresholdFor(carrier, true, config, rowOf('international')).hours));
  }
  return { byCarrier, otherwise: Math.min(config.STALL_AFTER_HOURS, config.STALL_AFTER_HOURS_INTERNATIONAL) };
}

// The quickest stall threshold any parcel can have under this configuration: a parcel scanned more
// recently than this is not stalled, whatever its carrier has learned.
export function stallFloorHours(config: ThresholdConfig): number {
  return Math.min(
    config.STALL_AFTER_HOURS,
    config.STALL_AFTER_HOURS_INTERNATIONAL,
    ...parseCarrierHours(config.STALL_CARRIER_HOURS).values(),
    config.STALL_LEARNING ? config.STALL_LEARNED_MIN_HOURS : Infinity,
  );
}
