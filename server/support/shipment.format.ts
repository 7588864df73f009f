import type { Address, IssueKind } from '../../db/schema.ts';
import { addressLines } from '../../core/postal-address.ts';
import { trackingStatuses, type TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { pageWords } from '../views/words/page-words.ts';
import { issueLabels } from './console.presenter.ts';

// Small formatting shared by the console's search, queues, shipment view and block list.

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

// A moment for a <time> element: machine-readable and as an agent reads it (UTC, like the audit log).
export function stamp(date: Date | null | undefined) {
  return date ? { at: date.toISOString(), text: `${when.format(date)} UTC` } : null;
}

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

export function issueLabel(kind: string): string {
  return issueLabels[kind as IssueKind] ?? kind;
}

export const shipmentHref = (id: string) => `/support/shipments/${id}`;
export const disputeHref = (id: string) => `/support/disputes/${id}`;
