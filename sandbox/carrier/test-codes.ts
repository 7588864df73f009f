import { recordedTracker, testCodeFixturePath, type RecordedTracker } from './fixtures.ts';
import type { TestCode } from './codes.ts';
import { easypostTime, type TrackerJson } from './tracker-json.ts';

// EasyPost test mode answers EZ1000000001…EZ7000000007 with a fixed, complete history the
// moment the tracker is created. The sandbox replays the recorded answers, moved in time so
// the tracker was created now and its scans keep their recorded distance before that.

const recordedStatus: Record<TestCode, string> = {
  EZ1000000001: 'pre_transit',
  EZ2000000002: 'in_transit',
  EZ3000000003: 'out_for_delivery',
  EZ4000000004: 'delivered',
  EZ5000000005: 'return_to_sender',
  EZ6000000006: 'failure',
  EZ7000000007: 'unknown',
};

export function warmTestCodes(): void {
  for (const [code, status] of Object.entries(recordedStatus)) recordedTracker(testCodeFixturePath(code, status));
}

export interface TrackerIdentity {
  id: string;
  code: string;
  carrier: string;
  createdAt: number;
  publicUrl: string;
}

export function renderTestCodeTracker(code: TestCode, identity: TrackerIdentity): TrackerJson {
  const recorded = recordedTracker(testCodeFixturePath(code, recordedStatus[code]));
  const shift = movedTo(recorded, identity.createdAt);
  return {
    id: identity.id,
    object: 'Tracker',
    mode: 'test',
    tracking_code: identity.code,
    status: recorded.status,
    status_detail: recorded.status_detail,
    created_at: easypostTime(identity.createdAt),
    updated_at: easypostTime(identity.createdAt),
    signed_by: recorded.signed_by,
    weight: recorded.weight,
    est_delivery_date: shift(recorded.est_delivery_date),
    shipment_id: null,
    carrier: identity.carrier,
    tracking_details: recorded.tracking_details.map((detail) => ({ ...detail, datetime: shift(detail.datetime) })),
    carrier_detail: recorded.carrier_detail && {
      ...recorded.carrier_detail,
      initial_delivery_attempt: shift(recorded.carrier_detail.initial_delivery_attempt),
    },
    finalized: recorded.finalized ?? true,
    is_return: recorded.is_return ?? false,
    public_url: identity.publicUrl,
    fees: [],
  };
}

function movedTo(recorded: RecordedTracker, createdAt: number) {
  const offset = createdAt - Date.parse(recorded.created_at);
  return (time: string | null) => (time === null ? null : easypostTime(Date.parse(time) + offset));
}
