import { trackingStatuses, type TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { lookupMessages } from '../lookup/lookup.i18n.ts';

// Small formatting shared by the console's search, queues, shipment view and block list.

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

// A moment for a <time> element: machine-readable and as an agent reads it (UTC, like the audit log).
export function stamp(date: Date | null | undefined) {
  return date ? { at: date.toISOString(), text: `${when.format(date)} UTC` } : null;
}

export function statusLabel(status: string): string {
  const known = (trackingStatuses as readonly string[]).includes(status) ? (status as TrackingStatus) : 'unknown';
  return known === 'unknown' && status !== 'unknown' ? status : lookupMessages.en.status[known].label;
}

export const shipmentHref = (id: string) => `/support/shipments/${id}`;
export const disputeHref = (id: string) => `/support/disputes/${id}`;
