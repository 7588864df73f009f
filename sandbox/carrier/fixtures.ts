import { readFileSync } from 'node:fs';
import type { CarrierDetail, TrackingDetail } from './tracker-json.ts';

// Recorded EasyPost objects (see recordings/MANIFEST.json for each file's source and licence):
// read once and shared by every tracker the sandbox renders.
const EASYPOST_FIXTURES = new URL('./recordings/', import.meta.url);

// The parts of a recorded Tracker the sandbox reuses.
export interface RecordedTracker {
  status: string;
  status_detail: string | null;
  created_at: string;
  est_delivery_date: string | null;
  signed_by: string | null;
  weight: number | null;
  tracking_details: TrackingDetail[];
  carrier_detail: CarrierDetail | null;
  finalized?: boolean;
  is_return?: boolean;
}

const cache = new Map<string, unknown>();

export function fixtureUrl(relativePath: string): URL {
  return new URL(relativePath, EASYPOST_FIXTURES);
}

export function fixtureJson(relativePath: string): unknown {
  if (!cache.has(relativePath)) cache.set(relativePath, JSON.parse(readFileSync(fixtureUrl(relativePath), 'utf8')));
  return cache.get(relativePath);
}

// A recorded tracker, either bare or as the result of a recorded tracker.updated event.
export function recordedTracker(relativePath: string): RecordedTracker {
  const json = fixtureJson(relativePath) as { object?: string; result?: unknown };
  const tracker = (json.object === 'Event' ? json.result : json) as RecordedTracker | undefined;
  if (!tracker || !Array.isArray(tracker.tracking_details)) throw new Error(`${relativePath} is not a recorded Tracker`);
  return tracker;
}

export const fixturePaths = {
  uspsDomestic: 'lifecycle/B_usps_2023-04__trk_332473f471ea4fc5b05ccae55542345b/04_delivered.json',
  uspsInternational: 'trackers/delivered__usps_international__CM218237728US__2020-05.json',
  upsDelivered: 'trackers/delivered__ups__1Z__2020-05.json',
  fedexWebhook: 'webhook/tracker_updated__fedex_in_transit__production__event-body.raw.json',
  testCodes: 'trackers/test_codes_2020/',
  hmacVector: 'webhook/hmac_test_vector.json',
} as const;

export function testCodeFixturePath(code: string, status: string): string {
  return `${fixturePaths.testCodes}${code}__${status}.json`;
}
