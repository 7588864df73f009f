import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryProof, Place } from '../../db/schema.ts';
import { isStatusDetail, isTrackingStatus, type TrackingStatus } from './easypost-vocabulary.ts';
import { placeFromText, preferStructured } from './places.ts';

// EasyPost's own vocabulary is the stored truth. A tracker JSON, as a poll or a webhook delivers it,
// becomes a TrackerSnapshot: tolerant of what real trackers contain (null datetimes, a missing
// status_detail key, null carrier_detail, "" where other carriers send null, events older than the
// tracker itself).

export { isTerminal, trackingStatuses, type TrackingStatus } from './easypost-vocabulary.ts';

// Carrier text as given, trimmed, without NUL characters (which PostgreSQL cannot store); "" is null.
const text = z
  .string()
  .nullish()
  .transform((s) => {
    const value = s?.replaceAll('\u0000', '').trim();
    return value ? value : null;
  });
// A missing status is `unknown`; a word EasyPost added after this table was written reads as
// in_transit (and is reported once, see easypost-vocabulary.ts).
const status = z
  .string()
  .nullish()
  .transform((s) => {
    const value = s?.trim() ?? '';
    return { value: value === '' ? 'unknown' : isTrackingStatus(value) ? value : 'in_transit', unknown: value !== '' && !isTrackingStatus(value) ? value : null } as {
      value: TrackingStatus;
      unknown: string | null;
    };
  });
const time = z
  .string()
  .nullish()
  .transform((s) => {
    if (!s) return null;
    const date = new Date(s);
    return Number.isNaN(date.getTime()) ? null : date;
  });
const location = z
  .object({ city: text, state: text, country: text, zip: text })
  .partial()
  .nullish()
  .transform((l): Place | null => {
    if (!l) return null;
    const place = { city: l.city ?? null, state: l.state ?? null, country: l.country ?? null, zip: l.zip ?? null };
    return Object.values(place).some((v) => v !== null) ? place : null;
  });

const detailSchema = z.object({
  datetime: time,
  message: text,
  description: text,
  status,
  status_detail: text,
  tracking_location: location,
});

export const trackerSchema = z.object({
  id: z.string().min(1),
  object: z.literal('Tracker').optional(),
  tracking_code: z.string().min(1),
  carrier: text,
  status,
  status_detail: text,
  updated_at: time,
  created_at: time,
  est_delivery_date: time,
  signed_by: text,
  public_url: text,
  tracking_details: z.array(detailSchema).nullish().transform((d) => d ?? []),
  carrier_detail: z
    .object({ destination_location: text, destination_tracking_location: location, initial_delivery_attempt: text, service: text })
    .partial()
    .nullish(),
});

export interface TrackingEventInput {
  dedupeKey: string;
  occurredAt: Date | null;
  status: TrackingStatus;
  statusDetail: string | null;
  message: string | null;
  location: Place | null;
}

export interface TrackerSnapshot {
  trackerId: string;
  trackingCode: string;
  carrier: string | null;
  status: TrackingStatus;
  statusDetail: string | null;
  updatedAt: Date | null;
  estDeliveryAt: Date | null;
  signedBy: string | null;
  publicUrl: string | null;
  destination: Place | null;
  // The carrier's proof-of-delivery fields, when present.
  deliveryProof: DeliveryProof | null;
  events: TrackingEventInput[];
  // The latest event time, the time of the last real scan (not a label or pre-shipment notice),
  // and when the carrier said it was delivered.
  lastEventAt: Date | null;
  lastScanAt: Date | null;
  deliveredAt: Date | null;
  // The first real scan, and the carrier's service ("Ground", "Priority"…).
  firstScanAt: Date | null;
  service: string | null;
  // A tracker in status `error`: the carrier's message, for support.
  carrierError: string | null;
  // Words outside EasyPost's official vocabulary, as "status=…" or "status_detail=…", to be reported.
  unknownValues: string[];
}

// Every poll and webhook repeats the whole history; the key identifies one event across repeats.
function dedupeKey(e: z.infer<typeof detailSchema>): string {
  const parts = [e.datetime?.toISOString() ?? '', e.status.value, e.status_detail ?? '', e.message ?? '', JSON.stringify(e.tracking_location)];
  return createHash('sha256').update(parts.join('\u241f')).digest('base64url').slice(0, 24);
}

function latest(dates: Array<Date | null>): Date | null {
  let max: Date | null = null;
  for (const d of dates) if (d && (!max || d > max)) max = d;
  return max;
}

function earliest(dates: Array<Date | null>): Date | null {
  let min: Date | null = null;
  for (const d of dates) if (d && (!min || d < min)) min = d;
  return min;
}

export function parseTracker(raw: unknown): TrackerSnapshot {
  const t = trackerSchema.parse(raw);
  const seen = new Set<string>();
  const events: TrackingEventInput[] = [];
  for (const detail of t.tracking_details) {
    const key = dedupeKey(detail);
    if (seen.has(key)) continue;
    seen.add(key);
    events.push({
      dedupeKey: key,
      occurredAt: detail.datetime,
      status: detail.status.value,
      statusDetail: detail.status_detail,
      message: detail.message ?? detail.description,
      location: detail.tracking_location,
    });
  }
  // A scan is the carrier handling the parcel: not a label or notice, and not EasyPost's "error" answer.
  const scans = events.filter((e) => e.status !== 'pre_transit' && e.status !== 'unknown' && e.status !== 'error');
  // A delivered event counts even while the tracker's own status lags behind it.
  const deliveredEvent = latest(events.filter((e) => e.status === 'delivered').map((e) => e.occurredAt));
  const detail = t.carrier_detail;
  const destination = preferStructured(detail?.destination_tracking_location ?? null, placeFromText(detail?.destination_location ?? null));
  const errors = events.filter((e) => e.status === 'error' && e.message);
  return {
    trackerId: t.id,
    trackingCode: t.tracking_code,
    carrier: t.carrier,
    status: t.status.value,
    statusDetail: t.status_detail,
    updatedAt: t.updated_at,
    estDeliveryAt: t.est_delivery_date,
    signedBy: t.signed_by,
    publicUrl: t.public_url,
    destination,
    deliveryProof: proofFrom(detail?.initial_delivery_attempt ?? null, detail?.service ?? null),
    events,
    lastEventAt: latest(events.map((e) => e.occurredAt)),
    lastScanAt: latest(scans.map((e) => e.occurredAt)),
    firstScanAt: earliest(scans.map((e) => e.occurredAt)),
    service: t.carrier_detail?.service || null,
    deliveredAt: deliveredEvent ?? (t.status.value === 'delivered' ? t.updated_at : null),
    carrierError: t.status.value === 'error' ? (errors.at(-1)?.message ?? 'EasyPost cannot track this code') : null,
    unknownValues: unknownValuesOf(t),
  };
}

function unknownValuesOf(t: z.infer<typeof trackerSchema>): string[] {
  const values = new Set<string>();
  for (const item of [t, ...t.tracking_details]) {
    if (item.status.unknown) values.add(`status=${item.status.unknown}`);
    if (item.status_detail && !isStatusDetail(item.status_detail)) values.add(`status_detail=${item.status_detail}`);
  }
  return [...values];
}

// Proof of delivery is the carrier's record of the delivery attempt; a service name alone proves nothing.
function proofFrom(initialDeliveryAttempt: string | null, service: string | null): DeliveryProof | null {
  return initialDeliveryAttempt ? { initialDeliveryAttempt, service } : null;
}

// How far along a parcel is; used only to order snapshots that carry the same events.
const progress: Record<TrackingStatus, number> = {
  unknown: 0,
  error: 0,
  pre_transit: 1,
  in_transit: 2,
  out_for_delivery: 3,
  available_for_pickup: 4,
  delivered: 5,
  return_to_sender: 5,
  failure: 5,
  cancelled: 5,
};

export interface SnapshotPosition {
  lastEventAt: Date | null;
  eventCount: number;
  status: TrackingStatus;
  updatedAt: Date | null;
}

function compareDates(a: Date | null, b: Date | null): number {
  return (a?.getTime() ?? -Infinity) - (b?.getTime() ?? -Infinity);
}

// A webhook and a poll race, and a retried delivery arrives late: `updated_at` alone does not order
// snapshots (recorded lifecycles show it going backwards). A snapshot is older than what we hold when
// its newest event is older, or, with the same newest event, it has fewer events, a less advanced
// status, or, last, an earlier updated_at. An equal snapshot is not older: applying it is harmless.
export function isOlderSnapshot(incoming: SnapshotPosition, current: SnapshotPosition): boolean {
  const byLastEvent = compareDates(incoming.lastEventAt, current.lastEventAt);
  if (byLastEvent !== 0) return byLastEvent < 0;
  if (incoming.eventCount !== current.eventCount) return incoming.eventCount < current.eventCount;
  if (progress[incoming.status] !== progress[current.status]) return progress[incoming.status] < progress[current.status];
  if (incoming.updatedAt && current.updatedAt) return incoming.updatedAt < current.updatedAt;
  return false;
}

export function positionOf(snapshot: TrackerSnapshot): SnapshotPosition {
  return { lastEventAt: snapshot.lastEventAt, eventCount: snapshot.events.length, status: snapshot.status, updatedAt: snapshot.updatedAt };
}
