import { isTestCode } from './codes.ts';
import { hashString } from './random.ts';
import { deliveredRoles, deliveryAttemptRoles, type Role } from './roles.ts';
import type { TrackerRecord } from './store.ts';
import { renderTestCodeTracker } from './test-codes.ts';
import { scheduleFor } from './timeline.ts';
import { easypostTime, type CarrierDetail, type TrackerJson, type TrackingDetail } from './tracker-json.ts';
import { vocabularyFor, type ScanTemplate, type Vocabulary } from './vocabulary.ts';

// Turns a stored tracker into the JSON EasyPost would answer at a given moment: the scans
// whose time has come, and the status of the last of them.

export interface PlannedScan {
  role: Role;
  at: number;
  template: ScanTemplate;
}

export interface Plan {
  vocabulary: Vocabulary;
  scans: PlannedScan[];
  estimate: number | null;
}

const TERMINAL_STATUSES = new Set(['delivered', 'return_to_sender', 'failure', 'cancelled']);

// The scenario's schedule in this carrier's words; roles the carrier never scans are dropped.
export function planFor(record: TrackerRecord): Plan {
  if (isTestCode(record.script)) return { vocabulary: vocabularyFor(record.carrier, false), scans: [], estimate: null };
  const schedule = scheduleFor(record.script, record.code, record.createdAt);
  const vocabulary = vocabularyFor(record.carrier, record.script === 'international');
  const scans: PlannedScan[] = [];
  for (const { role, at } of schedule.scans) {
    const template = vocabulary.scans[role];
    if (template) scans.push({ role, at, template });
  }
  return { vocabulary, scans, estimate: schedule.estimate };
}

export function visibleScanCount(plan: Plan, now: number): number {
  let count = 0;
  while (count < plan.scans.length && plan.scans[count].at <= now) count++;
  return count;
}

export function renderTracker(record: TrackerRecord, now: number): TrackerJson {
  const publicUrl = `https://track.easypost.com/${Buffer.from(`v1:${record.id}`).toString('base64')}`;
  if (isTestCode(record.script)) {
    return renderTestCodeTracker(record.script, { id: record.id, code: record.code, carrier: record.carrier, createdAt: record.createdAt, publicUrl });
  }
  const plan = planFor(record);
  const visible = plan.scans.slice(0, visibleScanCount(plan, now));
  const last = visible[visible.length - 1];
  const status = last?.template.status ?? 'unknown';
  const acceptedByCarrier = visible.some((scan) => scan.template.status !== 'pre_transit');
  const estimate = acceptedByCarrier ? plan.estimate : null;
  return {
    id: record.id,
    object: 'Tracker',
    mode: 'test',
    tracking_code: record.code,
    status,
    status_detail: last ? last.template.status_detail : 'unknown',
    created_at: easypostTime(record.createdAt),
    updated_at: easypostTime(Math.max(record.createdAt, last?.at ?? record.createdAt)),
    signed_by: status === 'delivered' && hashString(record.code, 11) % 2 === 0 ? 'John Tester' : null,
    weight: weightOf(record.code),
    est_delivery_date: estimate === null ? null : easypostTime(estimate),
    shipment_id: null,
    carrier: record.carrier,
    tracking_details: visible.map(detailAt),
    // EasyPost's error trackers carry no carrier detail.
    carrier_detail: last && status !== 'error' ? carrierDetail(plan.vocabulary.carrierDetail, visible, estimate) : null,
    finalized: TERMINAL_STATUSES.has(status),
    is_return: false,
    public_url: publicUrl,
    fees: [],
  };
}

// Keys in EasyPost's order, so recorded and rendered trackers read alike.
function detailAt({ template, at }: PlannedScan): TrackingDetail {
  return {
    object: 'TrackingDetail',
    message: template.message,
    description: template.description,
    status: template.status,
    status_detail: template.status_detail,
    datetime: easypostTime(at),
    source: template.source,
    carrier_code: template.carrier_code,
    tracking_location: template.tracking_location,
  };
}

// The recorded carrier detail, with the parts that follow the parcel kept current.
function carrierDetail(recorded: CarrierDetail, visible: PlannedScan[], estimate: number | null): CarrierDetail {
  const scanOf = (roles: ReadonlySet<Role>) => visible.find((scan) => roles.has(scan.role));
  const origin = visible.find((scan) => scan.role === 'accepted') ?? visible.find((scan) => scan.role === 'label');
  const delivered = scanOf(deliveredRoles);
  const firstAttempt = scanOf(deliveryAttemptRoles);
  return {
    ...recorded,
    est_delivery_date_local: estimate === null ? null : easypostTime(estimate).slice(0, 10),
    origin_tracking_location: origin?.template.tracking_location ?? recorded.origin_tracking_location,
    destination_tracking_location: delivered?.template.tracking_location ?? null,
    initial_delivery_attempt: firstAttempt ? easypostTime(firstAttempt.at) : null,
  };
}

// Never a whole number: the EasyPost client rewrites "weight": 10 to 10.0 before checking a
// webhook signature, so an integer weight would break signatures made over the real bytes.
function weightOf(code: string): number | null {
  const hash = hashString(code, 3);
  if (hash % 2 === 1) return null;
  const tenths = ((hash >>> 1) % 400) * 10 + ((hash >>> 12) % 9) + 1;
  return tenths / 10;
}
