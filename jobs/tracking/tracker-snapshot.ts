import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryProof, Place } from '../../db/schema.ts';

// EasyPost's own vocabulary is the stored truth. A tracker JSON, as a poll or a webhook delivers it,
// becomes a TrackerSnapshot: tolerant of what real trackers contain (null datetimes, a missing
// status_detail key, null carrier_detail, "" where other carriers send null, events older than the
// tracker itself).

export const trackingStatuses = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

// Carrier text as given, trimmed, without NUL characters (which PostgreSQL cannot store); "" is null.
const text = z
  .string()
  .nullish()
  .transform((s) => {
    const value = s?.replaceAll('\u0000', '').trim();
    return value ? value : null;
  });
const status = z
  .string()
  .nullish()
  .transform((s): TrackingStatus => (trackingStatuses as readonly string[]).includes(s ?? '') ? (s as TrackingStatus) : 'unknown');
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
}

// Every poll and webhook repeats the whole history; the key identifies one event across repeats.
function dedupeKey(e: z.infer<typeof detailSchema>): string {
  const parts = [e.datetime?.toISOString() ?? '', e.status, e.status_detail ?? '', e.message ?? '', JSON.stringify(e.tracking_location)];
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
      status: detail.status,
      statusDetail: detail.status_detail,
      message: detail.message ?? detail.description,
      location: detail.tracking_location,
    });
  }
  const scans = events.filter((e) => e.status !== 'pre_transit' && e.status !== 'unknown');
  const deliveredEvent = latest(events.filter((e) => e.status === 'delivered').map((e) => e.occurredAt));
  const destination = t.carrier_detail?.destination_tracking_location ?? placeFromText(t.carrier_detail?.destination_location ?? null);
  return {
    trackerId: t.id,
    trackingCode: t.tracking_code,
    carrier: t.carrier,
    status: t.status,
    statusDetail: t.status_detail,
    updatedAt: t.updated_at,
    estDeliveryAt: t.est_delivery_date,
    signedBy: t.signed_by,
    publicUrl: t.public_url,
    destination,
    deliveryProof: proofFrom(t.carrier_detail?.initial_delivery_attempt ?? null, t.carrier_detail?.service ?? null),
    events,
    lastEventAt: latest(events.map((e) => e.occurredAt)),
    lastScanAt: latest(scans.map((e) => e.occurredAt)),
    firstScanAt: earliest(scans.map((e) => e.occurredAt)),
    service: t.carrier_detail?.service || null,
    deliveredAt: t.status === 'delivered' ? (deliveredEvent ?? t.updated_at) : null,
  };
}

function proofFrom(initialDeliveryAttempt: string | null, service: string | null): DeliveryProof | null {
  return initialDeliveryAttempt || service ? { initialDeliveryAttempt, service } : null;
}

// "CHARLESTON SC, 29401" → city, state, zip; anything else is kept as the city line.
function placeFromText(value: string | null): Place | null {
  if (!value) return null;
  const match = /^(.*?)\s+([A-Z]{2}),?\s+(\S+)$/.exec(value);
  if (match) return { city: match[1], state: match[2], zip: match[3], country: null };
  return { city: value, state: null, zip: null, country: null };
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

export function isTerminal(status: TrackingStatus): boolean {
  return status === 'delivered' || status === 'failure' || status === 'cancelled';
}
