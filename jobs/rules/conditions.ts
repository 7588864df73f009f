import type { IssueKind } from '../../db/schema.ts';
import { meaningOf, type TrackingStatus } from '../tracking/easypost-vocabulary.ts';

// The detection rules as pure functions: given what we know of a shipment and the clock, which
// conditions hold now. Episodes, notifications and alerts are decided elsewhere (evaluate.ts).

const HOUR = 3_600_000;

export interface ShipmentFacts {
  status: TrackingStatus;
  statusDetail: string | null;
  trackingStartedAt: Date;
  lastScanAt: Date | null;
  estDeliveryAt: Date | null;
  // Whose date it is: the carrier's, or the one learned from the shop's parcels.
  estimateSource?: 'carrier' | 'learned' | null;
}

export interface StallThreshold {
  hours: number;
  // How the value was chosen, shown to support: "configured for UPS", "learned: 95th percentile…".
  explanation: string;
}

export interface RuleSettings {
  neverScannedDays: number;
  lateGraceHours: number;
  businessDays: boolean;
  stallThreshold: StallThreshold;
}

export interface Condition {
  kind: IssueKind;
  // Distinguishes situations of one kind (a pickup vs a failed attempt), so a different one is a new episode.
  situation: string;
  details: Record<string, unknown>;
}

// Hours between two moments, skipping Saturdays and Sundays (UTC) when counting business days.
export function elapsedHours(from: Date, to: Date, businessDays: boolean): number {
  if (!businessDays) return (to.getTime() - from.getTime()) / HOUR;
  let hours = 0;
  for (let t = from.getTime(); t < to.getTime(); t += HOUR) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) hours += Math.min(1, (to.getTime() - t) / HOUR);
  }
  return hours;
}

// EasyPost estimates are dates (midnight UTC): a parcel is late only once that whole day has passed.
function isLate(facts: ShipmentFacts, now: Date, graceHours: number): boolean {
  if (!facts.estDeliveryAt) return false;
  return now.getTime() >= facts.estDeliveryAt.getTime() + 24 * HOUR + graceHours * HOUR;
}

export function activeConditions(facts: ShipmentFacts, now: Date, settings: RuleSettings): Condition[] {
  const { status, statusDetail } = facts;
  if (status === 'delivered') return [];
  // What EasyPost's words raise, from the vocabulary table (jobs/tracking/easypost-vocabulary.ts).
  const { rule, poll } = meaningOf(status, statusDetail);
  const conditions: Condition[] = [];
  const details = { status, statusDetail };
  switch (rule) {
    case 'returning':
    case 'lost_or_damaged':
    case 'tracking_error':
      // The parcel is not on its way to the shopper (or cannot be followed): nothing else applies.
      return [{ kind: rule, situation: rule === 'tracking_error' ? 'error' : (statusDetail ?? status), details }];
    case 'exception':
      conditions.push({ kind: 'exception', situation: statusDetail && statusDetail !== 'unknown' ? statusDetail : status, details });
      if (poll === 'stop') return conditions;
      break;
    case 'carrier_delay':
      conditions.push({ kind: 'carrier_delay', situation: statusDetail ?? status, details });
      break;
    case 'action_needed': {
      const pickup = status === 'available_for_pickup' || statusDetail === 'arrived_at_pickup_location';
      conditions.push({ kind: 'action_needed', situation: pickup ? 'pickup' : (statusDetail ?? status), details: pickup ? { status } : { statusDetail } });
      break;
    }
  }
  if ((status === 'pre_transit' || status === 'unknown') && !facts.lastScanAt) {
    const days = (now.getTime() - facts.trackingStartedAt.getTime()) / (24 * HOUR);
    if (days >= settings.neverScannedDays) conditions.push({ kind: 'never_scanned', situation: 'no_scan', details: { days: Math.floor(days), thresholdDays: settings.neverScannedDays } });
  }
  if ((status === 'in_transit' || status === 'out_for_delivery') && facts.lastScanAt) {
    const quiet = elapsedHours(facts.lastScanAt, now, settings.businessDays);
    if (quiet >= settings.stallThreshold.hours) {
      conditions.push({
        kind: 'stalled',
        situation: 'no_new_scan',
        details: { lastScanAt: facts.lastScanAt.toISOString(), quietHours: Math.round(quiet), thresholdHours: settings.stallThreshold.hours, explanation: settings.stallThreshold.explanation },
      });
    }
  }
  if (isLate(facts, now, settings.lateGraceHours)) {
    conditions.push({ kind: 'late', situation: 'past_estimate', details: { estimatedDelivery: facts.estDeliveryAt!.toISOString().slice(0, 10), estimateSource: facts.estimateSource ?? 'carrier', graceHours: settings.lateGraceHours } });
  }
  return conditions;
}
