import type { activeBlock } from '../../db/blocklist.repository.ts';
import type { disputesOfOrder, notificationsOfShipment, openIssuesOf } from '../../db/console.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import type { listSupportNotes } from '../../db/support-notes.repository.ts';
import type { listTrackingEvents } from '../../db/tracking-events.repository.ts';
import { attentionLabels } from './console.presenter.ts';
import { httpLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { isSupportAlert, labelOf } from '../../core/notification-kinds.ts';
import { consoleTime } from '../../core/time/console-time.ts';
import { disputeHref, statusLabel, supportAddressLines } from './shipment.format.ts';

// Everything support needs about one parcel on one page. Support sees the full address and contact
// details the shopper's lookup never shows. Times are written in the shop's zone, passed in.

export interface ShipmentViewRows {
  shipment: Shipment;
  order: Order;
  issues: Awaited<ReturnType<typeof openIssuesOf>>;
  events: Awaited<ReturnType<typeof listTrackingEvents>>;
  notifications: Awaited<ReturnType<typeof notificationsOfShipment>>;
  disputes: Awaited<ReturnType<typeof disputesOfOrder>>;
  notes: Awaited<ReturnType<typeof listSupportNotes>>;
  block: Awaited<ReturnType<typeof activeBlock>>;
}

// The stored reasoning behind an issue: for a stall, how long it has been quiet against which threshold.
function issueExplanation(details: Record<string, unknown> | null): string | null {
  if (!details) return null;
  const { quietHours, thresholdHours, explanation, situation } = details as { quietHours?: number; thresholdHours?: number; explanation?: string; situation?: string };
  if (thresholdHours !== undefined) {
    return `No new scan for ${quietHours ?? '?'} hours; stalled after ${thresholdHours} hours${explanation ? ` (${explanation})` : ''}.`;
  }
  const rest = Object.entries(details)
    .filter(([key]) => key !== 'situation')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [situation ? situation.replaceAll('_', ' ') : null, ...rest].filter(Boolean).join('; ') || null;
}

export function presentShipmentView(rows: ShipmentViewRows, timeZone: string) {
  const { shipment, order } = rows;
  const { stamp } = consoleTime(timeZone);
  return {
    id: shipment.id,
    order: {
      name: order.name,
      email: order.email,
      emailSearchHref: order.email ? `/support/search?${new URLSearchParams({ q: order.email })}` : null,
      customerId: order.customer_id,
      cancelled: stamp(order.cancelled_at),
      address: supportAddressLines(order.shipping_address),
    },
    shipment: {
      trackingCode: shipment.tracking_code,
      declaredCarrier: shipment.declared_carrier,
      detectedCarrier: shipment.carrier,
      status: statusLabel(shipment.status),
      statusDetail: shipment.status_detail?.replaceAll('_', ' ') ?? null,
      attention: shipment.attention ? (attentionLabels[shipment.attention] ?? shipment.attention) : null,
      publicUrl: httpLink(shipment.public_url),
      trackingUrl: httpLink(shipment.tracking_url),
      estimatedDelivery: shipment.est_delivery_at?.toISOString().slice(0, 10) ?? null,
      lastScan: stamp(shipment.last_scan_at),
      delivered: stamp(shipment.delivered_at),
      signedBy: shipment.signed_by,
      nextCheck: stamp(shipment.next_check_at),
      retired: stamp(shipment.retired_at),
      // Only a stop support made can be undone here; a parcel Shopify no longer lists stays retired.
      stoppedBySupport: shipment.tracking_stopped_at !== null,
      lastError: shipment.last_error,
    },
    issues: rows.issues.map((i) => ({ kind: i.kind, label: labelOf(i.kind), episode: i.episode, opened: stamp(i.opened_at), explanation: issueExplanation(i.details) })),
    events: rows.events.map((e) => ({
      when: stamp(e.occurred_at),
      status: statusLabel(e.status),
      detail: e.status_detail?.replaceAll('_', ' ') ?? null,
      message: e.message,
      place: placeText(e.location, { postalCode: true }),
    })),
    notifications: rows.notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      // Copies support asked for carry negative episodes (see db/notifications.repository.ts).
      episode: n.episode > 0 ? `#${n.episode}` : `resent copy ${-n.episode}`,
      state: n.state,
      suppressedReason: n.suppressed_reason?.replaceAll('_', ' ') ?? null,
      lastError: n.last_error,
      sent: stamp(n.sent_at),
      created: stamp(n.created_at),
      recipient: n.recipient,
      previewHref: `/support/notifications/${n.id}/preview`,
      resendAction: isSupportAlert(n.kind) || n.state === 'pending' ? null : `/support/notifications/${n.id}/resend`,
    })),
    disputes: rows.disputes.map((d) => ({
      href: disputeHref(d.id),
      state: d.state,
      source: d.source === 'payment' ? 'Payment dispute' : d.source === 'lost' ? 'Presumed lost' : 'Shopper report',
      resolution: d.resolution,
      opened: stamp(d.opened_at),
      thisParcel: d.shipment_id === shipment.id,
    })),
    notes: rows.notes.map((n) => ({ body: n.body, author: n.author_email ?? 'a removed user', when: stamp(n.created_at), otherParcel: n.shipment_id !== null && n.shipment_id !== shipment.id })),
    block: rows.block ? { level: rows.block.level, subjectKind: rows.block.subject_kind, reason: rows.block.reason, expires: stamp(rows.block.expires_at) } : null,
  };
}
