import type { attentionQueue, failedNotificationsQueue, openDisputesQueue, openIssuesQueue, openLostCasesQueue } from '../../db/console.repository.ts';
import type { RepeatFlag } from '../../db/schema.ts';
import { labelOf } from '../../core/notification-kinds.ts';
import { consoleTime, type ConsoleStamp } from '../../core/time/console-time.ts';
import { disputeHref, shipmentHref, statusLabel } from './shipment.format.ts';

// Each queue as rows of cells, for the one queue page: a cell is text, a moment, or markers. Moments
// are written in the shop's zone (SHOP_TIME_ZONE), passed in.

export interface QueueCell {
  text?: string | null;
  time?: ConsoleStamp | null;
  markers?: Array<{ key: string; label: string }>;
}

export interface QueueRow {
  href: string | null;
  linkText: string;
  cells: QueueCell[];
}

export interface QueueTable {
  columns: string[];
  rows: QueueRow[];
}

type Rows<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const carrierOf = (r: { carrier: string | null; declared_carrier: string | null }) => r.carrier ?? r.declared_carrier ?? 'unknown';

function repeatText(flag: RepeatFlag | null): string {
  if (!flag) return 'Repeat claim';
  const counts = [`${flag.byCustomer} by customer`, `${flag.byEmail} by email`, `${flag.byAddress} by address`];
  return `Repeat claim (${counts.join(', ')} in ${flag.windowDays} days)`;
}

export function presentDisputes(rows: Rows<typeof openDisputesQueue>, timeZone: string): QueueTable {
  const { stamp } = consoleTime(timeZone);
  return {
    columns: ['Order', 'Source', 'Opened', 'Evidence due', 'Flags'],
    rows: rows.map((r) => ({
      href: disputeHref(r.id),
      linkText: r.order_name,
      cells: [
        { text: r.source === 'payment' ? 'Payment dispute' : 'Shopper report' },
        { time: stamp(r.opened_at) },
        { time: stamp(r.evidence_due_by) },
        {
          markers: [
            ...(r.repeat_flag !== null ? [{ key: 'repeat-claim', label: repeatText(r.repeat_flag) }] : []),
            ...(r.delivered_when_opened === false ? [{ key: 'not-delivered', label: 'Not delivered when opened' }] : []),
          ],
        },
      ],
    })),
  };
}

// Why a parcel is presumed lost, as an agent reads it.
export const lostReasonLabels: Record<string, string> = {
  no_scan: 'No scan for too long',
  carrier: 'Carrier says lost or damaged',
  tracking_expired: 'Tracking expired undelivered',
};

export function presentLostCases(rows: Rows<typeof openLostCasesQueue>, timeZone: string): QueueTable {
  const { stamp } = consoleTime(timeZone);
  return {
    columns: ['Order', 'Why', 'Tracking code', 'Carrier', 'Last scan', 'Presumed lost'],
    rows: rows.map((r) => ({
      href: disputeHref(r.id),
      linkText: r.order_name,
      cells: [
        { text: r.reason ? (lostReasonLabels[r.reason] ?? r.reason) : null },
        { text: r.tracking_code },
        { text: carrierOf({ carrier: r.carrier ?? null, declared_carrier: r.declared_carrier ?? null }) },
        { time: stamp(r.last_scan_at) },
        { time: stamp(r.opened_at) },
      ],
    })),
  };
}

export function presentIssues(rows: Rows<typeof openIssuesQueue>, timeZone: string): QueueTable {
  const { stamp } = consoleTime(timeZone);
  return {
    columns: ['Tracking code', 'Order', 'Issue', 'Open since', 'Carrier', 'Status', 'Last scan'],
    rows: rows.map((r) => ({
      href: shipmentHref(r.id),
      linkText: r.tracking_code,
      cells: [
        { text: r.order_name },
        { text: [r.kinds.split(',').map(labelOf).join(', '), r.situations ? `(${r.situations.replaceAll('_', ' ')})` : ''].filter(Boolean).join(' ') },
        { time: stamp(r.opened_at) },
        { text: carrierOf(r) },
        { text: statusLabel(r.status) },
        { time: stamp(r.last_scan_at) },
      ],
    })),
  };
}

export function presentAttention(rows: Rows<typeof attentionQueue>, timeZone: string): QueueTable {
  const { stamp } = consoleTime(timeZone);
  return {
    columns: ['Tracking code', 'Order', 'Declared carrier', 'Detected carrier', 'Status', 'Last error', 'Since'],
    rows: rows.map((r) => ({
      href: shipmentHref(r.id),
      linkText: r.tracking_code,
      cells: [{ text: r.order_name }, { text: r.declared_carrier }, { text: r.carrier }, { text: statusLabel(r.status) }, { text: r.last_error }, { time: stamp(r.created_at) }],
    })),
  };
}

export function presentFailedEmails(rows: Rows<typeof failedNotificationsQueue>, timeZone: string): QueueTable {
  const { stamp } = consoleTime(timeZone);
  return {
    columns: ['Recipient', 'Order', 'Kind', 'Last error', 'Attempts', 'When'],
    rows: rows.map((r) => ({
      href: r.shipment_id ? shipmentHref(r.shipment_id) : null,
      linkText: r.recipient,
      cells: [{ text: r.order_name }, { text: r.kind }, { text: r.last_error }, { text: String(r.attempts) }, { time: stamp(r.created_at) }],
    })),
  };
}
