import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signWebhookBody } from '../../../sandbox/carrier/webhooks.ts';
import { projectRoot } from '../../support/process.ts';
import { benchShopper } from './lookup-seed.ts';
import { PEAK_SCAN_PREFIX, peakTrackerId } from './peak-seed.ts';

// EasyPost tracker.updated webhooks for the seeded shipments, shaped like the recorded production one
// (sandbox/carrier/recordings) and signed as EasyPost signs them. Update i goes to its own shipment and
// adds one scan, "Peak scan i". Three in ten change the status so that an email is due: two deliver
// the parcel (the delivered email), one leaves it at a pickup point (action needed); the rest are
// scans on the way.

const recorded = readFileSync(path.join(projectRoot, 'sandbox/carrier/recordings/webhook/tracker_updated__fedex_in_transit__production__event-body.raw.json'), 'utf8');
const CARRIERS = ['USPS', 'UPS', 'FedEx'];

export interface PeakUpdate {
  body: string;
  signature: string;
  // The shopper who should get an email because of it, or undefined.
  emailTo?: string;
  scan: string;
  eventId: string;
}

function outcomeOf(i: number): { status: string; statusDetail: string; emails: boolean } {
  if (i % 10 < 2) return { status: 'delivered', statusDetail: 'arrived_at_destination', emails: true };
  if (i % 10 === 2) return { status: 'available_for_pickup', statusDetail: 'arrived_at_pickup_location', emails: true };
  return { status: 'in_transit', statusDetail: 'arrived_at_facility', emails: false };
}

export function peakUpdate(i: number, number: number, at: Date, secret: string, runId: string): PeakUpdate {
  const event = JSON.parse(recorded);
  const { status, statusDetail, emails } = outcomeOf(i);
  const scan = `${PEAK_SCAN_PREFIX}${i}`;
  const code = `BENCH${String(number).padStart(10, '0')}`;
  const earlier = new Date(at.getTime() - 20 * 3_600_000).toISOString();
  const place = { object: 'TrackingLocation', city: 'MEMPHIS', state: 'TN', country: 'US', zip: '38118' };
  const detail = (datetime: string, message: string, s: string, d: string) => ({
    object: 'TrackingDetail', message, description: message, status: s, status_detail: d, datetime, source: CARRIERS[number % 6], carrier_code: 'AR', tracking_location: place,
  });
  const eventId = `evt_peak${runId}${i}`;
  Object.assign(event, {
    id: eventId,
    mode: 'production',
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    previous_attributes: status === 'in_transit' ? {} : { status: 'in_transit' },
  });
  Object.assign(event.result, {
    id: peakTrackerId(number),
    tracking_code: code,
    status,
    status_detail: statusDetail,
    updated_at: at.toISOString(),
    carrier: CARRIERS[number % 6],
    signed_by: status === 'delivered' ? 'J. Doe' : null,
    est_delivery_date: new Date(at.getTime() + 2 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z',
    tracking_details: [detail(earlier, 'Arrived at a sorting facility', 'in_transit', 'arrived_at_facility'), detail(at.toISOString(), scan, status, statusDetail)],
  });
  const body = JSON.stringify(event);
  return { body, signature: signWebhookBody(body, secret), emailTo: emails ? benchShopper(number).email : undefined, scan, eventId };
}
