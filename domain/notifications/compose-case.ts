import type { Db } from '../../db/database.ts';
import { findDispute } from '../../db/disputes.repository.ts';
import type { Notification, Order, Shipment } from '../../db/schema.ts';
import { findShipment } from '../../db/shipments.repository.ts';
import type { PostalAddress } from '../../emails/address_confirmation/postal-address.ts';
import type { EmailPropsByKind } from '../../emails/kinds.ts';
import { alertOf } from '../../core/notification-kinds.ts';
import { parcelTrackingLink } from '../../core/text.ts';
import { addressCheckPath, addressToken, lookupPath, lookupToken } from '../../core/links.ts';
import { orderProps, type ComposedNotification, type ComposeSettings } from './compose-common.ts';

// The emails of a case (not received, presumed lost); the case decides what they say.
export async function composeCaseEmail(db: Db, n: Notification, shipment: Shipment | undefined, order: Order, { config, secretKey }: ComposeSettings): Promise<ComposedNotification> {
  const dispute = await findDispute(db, n.shop_id, n.dispute_id!);
  if (!dispute) throw new Error(`notification ${n.id} names a case that does not exist`);
  const address = order.shipping_address;
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
        address: postalAddressOf(address),
        confirmUrl: `${link}?answer=confirmed`,
        correctUrl: `${link}?answer=wrong`,
      };
      return { kind: 'address_confirmation', props, unsubscribeUrl };
    }
    case 'dispute_resolved':
      if (!dispute.resolution) throw new Error(`notification ${n.id}: the case is not resolved`);
      return { kind: 'dispute_resolved', props: { ...base, outcome: dispute.resolution, note: dispute.resolution_note }, unsubscribeUrl };
    case 'lost_resolved': {
      const outcome = dispute.resolution;
      if (outcome !== 'found' && outcome !== 'reshipped' && outcome !== 'refunded') throw new Error(`notification ${n.id}: the lost case is not resolved`);
      // A replacement: its own carrier and tracking number are the ones to follow now.
      const replacement = dispute.replacement_shipment_id ? await findShipment(db, dispute.replacement_shipment_id) : undefined;
      const carrier = replacement ? (replacement.carrier ?? replacement.declared_carrier) : base.carrier;
      const props: EmailPropsByKind['lost_resolved'] = { ...base, carrier, outcome, note: dispute.resolution_note, newTrackingCode: replacement?.tracking_code ?? null };
      return { kind: 'lost_resolved', props, unsubscribeUrl };
    }
    default:
      throw new Error(`no email for case notification kind ${n.kind}`);
  }
}

function postalAddressOf(address: Order['shipping_address']): PostalAddress {
  return {
    name: address?.name,
    address1: address?.address1,
    address2: address?.address2,
    city: address?.city,
    province: address?.province,
    province_code: address?.provinceCode,
    zip: address?.zip,
    country: address?.country,
    country_code: address?.countryCodeV2,
  };
}
