import type { IssueKind } from '../../core/notification-kinds.ts';
import { meaningOf, type TrackingStatus } from '../tracking/easypost-vocabulary.ts';

// The detection rules as pure functions: given what we know of a shipment and the clock, which
// conditions hold now. Episodes, notifications and alerts are decided elsewhere (evaluate.ts).

const HOUR = 3_600_000;

export interface ShipmentFacts {
  status: TrackingStatus;
  statusDetail: string | null;
  trackingStartedAt: Date;
  lastScanAt: Date | null;
  // The last time the carrier told us anything new (tracking expires after POLL_EXPIRE_DAYS of none).
  lastChangeAt?: Date | null;
  // A code the carrier refused is never tracked: its silence says nothing about the parcel.
  invalidCode?: boolean;
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
  // Presumed lost after this many days without a scan in transit (calendar days: the carriers' measure).
  lostAfterDays: number;
  // Tracking expires after this many days with no news (POLL_EXPIRE_DAYS).
  expireDays: number;
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

export type LostReason = 'carrier' | 'no_scan' | 'tracking_expired';

// Presumed lost: the carrier says lost or damaged, or a parcel in transit has had no scan for the lost
// threshold, or tracking expired (no news for POLL_EXPIRE_DAYS) before delivery. One situation
// whatever the reason, so a reason that changes does not make a second case; the first reason stays
// in the details.
function presumedLost(facts: ShipmentFacts, now: Date, settings: RuleSettings, carrierSaysLost: boolean): Condition | null {
  const days = (since: Date) => (now.getTime() - since.getTime()) / (24 * HOUR);
  const lastScanAt = facts.lastScanAt?.toISOString() ?? null;
  const base = { status: facts.status, statusDetail: facts.statusDetail, lastScanAt };
  const quiet = facts.lastScanAt ? days(facts.lastScanAt) : null;
  const silent = days(facts.lastChangeAt ?? facts.trackingStartedAt);
  if (carrierSaysLost) return { kind: 'lost', situation: 'presumed_lost', details: { reason: 'carrier', ...base } };
  if ((facts.status === 'in_transit' || facts.status === 'out_for_delivery') && quiet !== null && quiet >= settings.lostAfterDays) {
    return { kind: 'lost', situation: 'presumed_lost', details: { reason: 'no_scan', ...base, quietDays: Math.floor(quiet), thresholdDays: settings.lostAfterDays } };
  }
  if (silent >= settings.expireDays && !facts.invalidCode) {
    return { kind: 'lost', situation: 'presumed_lost', details: { reason: 'tracking_expired', ...base, silentDays: Math.floor(silent), thresholdDays: settings.expireDays } };
  }
  return null;
}

export function activeConditions(facts: ShipmentFacts, now: Date, settings: RuleSettings): Condition[] {
  const { status, statusDetail } = facts;
  if (status === 'delivered') return [];
  // What EasyPost's words raise, from the vocabulary table (domain/tracking/easypost-vocabulary.ts).
  const { rule, poll } = meaningOf(status, statusDetail);
  const conditions: Condition[] = [];
  const details = { status, statusDetail };
  // A tracker EasyPost cannot follow is not a parcel gone missing, and a stopped one is missing only
  // when the carrier says it is lost or damaged.
  const carrierSaysLost = rule === 'lost_or_damaged';
  const lost = rule === 'tracking_error' || (poll === 'stop' && !carrierSaysLost) ? null : presumedLost(facts, now, settings, carrierSaysLost);
  switch (rule) {
    case 'returning':
    case 'lost_or_damaged':
    case 'tracking_error':
      // The parcel is not on its way to the shopper (or cannot be followed): nothing else applies,
      // but for a parcel that goes missing on the way (back).
      return [{ kind: rule, situation: rule === 'tracking_error' ? 'error' : (statusDetail ?? status), details }, ...(lost ? [lost] : [])];
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
  if (lost) conditions.push(lost);
  if (isLate(facts, now, settings.lateGraceHours)) {
    conditions.push({ kind: 'late', situation: 'past_estimate', details: { estimatedDelivery: facts.estDeliveryAt!.toISOString().slice(0, 10), estimateSource: facts.estimateSource ?? 'carrier', graceHours: settings.lateGraceHours } });
  }
  return conditions;
}
