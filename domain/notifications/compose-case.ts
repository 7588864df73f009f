import type { Db } from '../../db/database.ts';
import { findDispute } from '../../db/disputes.repository.ts';
import type { Dispute, Notification, Order, Shipment } from '../../db/schema.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import type { CaseEnding, CaseResolvedProps } from '../../emails/case_resolved/case_resolved.ts';
import type { OrderEmailProps } from '../../emails/email.ts';
import type { EmailPropsByKind } from '../../emails/kinds.ts';
import { alertOf } from '../../core/notification-kinds.ts';
import { parcelTrackingLink } from '../../core/text.ts';
import { addressCheckPath, addressToken, lookupPath, lookupToken } from '../../core/links.ts';
import { orderProps, type ComposedNotification, type ComposeSettings } from './compose-common.ts';

// The emails of a case (not received, presumed lost); the case decides what they say.
export async function composeCaseEmail(db: Db, n: Notification, shipment: Shipment | undefined, order: Order, { config, secretKey }: ComposeSettings): Promise<ComposedNotification> {
  const dispute = await findDispute(db, n.shop_id, n.dispute_id!);
  if (!dispute) throw new Error(`notification ${n.id} names a case that does not exist`);
  const trackingUrl = `${config.PUBLIC_URL}${lookupPath(lookupToken(secretKey, config, order.id))}`;
  const unsubscribeUrl = null;
  const base = { ...orderProps(order, trackingUrl), carrier: shipment ? (shipment.carrier ?? shipment.declared_carrier) : null, trackingCode: shipment?.tracking_code ?? null };
  const alert = alertOf(n.kind);
  if (alert) {
    const props: EmailPropsByKind['support_alert'] = {
      alert,
      orderName: order.name,
      customerEmail: order.email,
      carrier: base.carrier,
      trackingCode: base.trackingCode,
      trackingUrl: shipment ? parcelTrackingLink(shipment) : null,
      since: dispute.opened_at,
      detail: alert === 'address_wrong' ? dispute.address_correction : dispute.shopper_note,
      payment:
        dispute.source === 'payment'
          ? { kind: dispute.payment_kind, status: dispute.payment_status, evidenceDueBy: dispute.evidence_due_by, delivered: dispute.delivered_when_opened }
          : null,
      consoleUrl: `${config.PUBLIC_URL}/support/disputes/${dispute.id}`,
    };
    return { kind: 'support_alert', props, unsubscribeUrl };
  }
  switch (n.kind) {
    case 'dispute_received':
      return { kind: 'dispute_received', props: { ...base, reportedAt: dispute.opened_at, note: dispute.shopper_note, replyWithinDays: config.DISPUTE_REPLY_DAYS }, unsubscribeUrl };
    case 'address_confirmation': {
      const link = `${config.PUBLIC_URL}${addressCheckPath(addressToken(secretKey, config, dispute.id))}`;
      const props: EmailPropsByKind['address_confirmation'] = {
        ...base,
        address: order.shipping_address,
        confirmUrl: `${link}?answer=confirmed`,
        correctUrl: `${link}?answer=wrong`,
      };
      return { kind: 'address_confirmation', props, unsubscribeUrl };
    }
    // Both stored kinds of the resolution email are the one case_resolved email: the case itself, not
    // the row's kind, says whose case it was and how it ended.
    case 'dispute_resolved':
    case 'lost_resolved':
      return { kind: 'case_resolved', props: await resolvedProps(db, n, dispute, base), unsubscribeUrl };
    default:
      throw new Error(`no email for case notification kind ${n.kind}`);
  }
}

function endingOf(n: Notification, dispute: Dispute): CaseEnding {
  const { source, resolution: outcome } = dispute;
  if (!outcome) throw new Error(`notification ${n.id}: the case is not resolved`);
  if (source !== 'lost') return { source, outcome };
  if (outcome === 'rejected') throw new Error(`notification ${n.id}: a lost case cannot be rejected`);
  return { source, outcome };
}

// A replacement's own carrier and tracking number are the ones to follow now; the button stays on our
// lookup page, which shows the replacement with the order's other parcels.
async function resolvedProps(db: Db, n: Notification, dispute: Dispute, base: OrderEmailProps): Promise<CaseResolvedProps> {
  const replacement = dispute.replacement_shipment_id ? await findShipment(db, dispute.replacement_shipment_id) : undefined;
  return {
    ...base,
    ...endingOf(n, dispute),
    carrier: replacement ? (replacement.carrier ?? replacement.declared_carrier) : base.carrier,
    note: dispute.resolution_note,
    replacement: replacement ? { trackingCode: replacement.tracking_code } : null,
  };
}
