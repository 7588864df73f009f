import type { Address } from '../../db/schema.ts';
import { addressLines } from '../../core/postal-address.ts';
import { trackingStatuses, type TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { pageWords } from '../views/words/page-words.ts';

// Small formatting shared by the console's search, queues and shipment view (times: core/time).

export function statusLabel(status: string): string {
  const known = (trackingStatuses as readonly string[]).includes(status) ? (status as TrackingStatus) : 'unknown';
  return known === 'unknown' && status !== 'unknown' ? status : pageWords.en.parcel.status[known].label;
}

// A shipping address as the shopper is asked to confirm it (in English here), then the phone number
// support may call them on.
export function supportAddressLines(address: Address | null): string[] {
  const phone = address?.phone?.trim();
  return [...addressLines(address, 'en'), ...(phone ? [`Phone ${phone}`] : [])];
}

export const shipmentHref = (id: string) => `/support/shipments/${id}`;
export const disputeHref = (id: string) => `/support/disputes/${id}`;
