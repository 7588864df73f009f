import type { IssueKind } from '../../db/schema.ts';
import { trackingStatuses, type TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { lookupMessages } from '../lookup/lookup.i18n.ts';
import { issueLabels } from './console.presenter.ts';

// Small formatting shared by the console's search, queues and shipment view (times: core/time).

export function statusLabel(status: string): string {
  const known = (trackingStatuses as readonly string[]).includes(status) ? (status as TrackingStatus) : 'unknown';
  return known === 'unknown' && status !== 'unknown' ? status : lookupMessages.en.status[known].label;
}

export function issueLabel(kind: string): string {
  return issueLabels[kind as IssueKind] ?? kind;
}

export const shipmentHref = (id: string) => `/support/shipments/${id}`;
export const disputeHref = (id: string) => `/support/disputes/${id}`;
