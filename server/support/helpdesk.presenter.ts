import type { ordersWithShipmentsByEmail } from '../../db/support-overview.repository.ts';
import { parcelTrackingLink } from '../../core/text.ts';

// What a helpdesk sidebar gets about a customer: their orders and, per parcel, where it is and what is
// wrong, and its not-received cases with a link into the console. No addresses, no phone numbers: the
// helpdesk already has the conversation, not the parcel.

type OrderView = Awaited<ReturnType<typeof ordersWithShipmentsByEmail>>[number];

export function presentHelpdeskLookup(email: string, views: OrderView[], publicUrl: string) {
  return {
    email,
    orders: views.map(({ order, shipments, cases }) => ({
      name: order.name,
      createdAt: order.created_at.toISOString(),
      cancelled: order.cancelled_at !== null,
      shipments: shipments.map(({ shipment, issues }) => ({
        carrier: shipment.carrier ?? shipment.declared_carrier,
        trackingCode: shipment.tracking_code,
        status: shipment.status,
        trackingUrl: parcelTrackingLink(shipment),
        estimatedDelivery: shipment.est_delivery_at ? shipment.est_delivery_at.toISOString().slice(0, 10) : null,
        deliveredAt: shipment.delivered_at?.toISOString() ?? null,
        openIssues: issues,
      })),
      cases: cases.map((c) => ({
        source: c.source,
        state: c.state,
        resolution: c.resolution,
        openedAt: c.opened_at.toISOString(),
        paymentDispute: c.payment_kind,
        evidenceDueBy: c.evidence_due_by?.toISOString() ?? null,
        consoleUrl: `${publicUrl}/support/disputes/${c.id}`,
      })),
    })),
  };
}

export type HelpdeskLookup = ReturnType<typeof presentHelpdeskLookup>;
