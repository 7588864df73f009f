import type { Order, Place, Shipment } from '../../db/schema.ts';
import type { TrackingStatus } from '../../domain/tracking/tracker-snapshot.ts';
import { meaningOf } from '../../domain/tracking/easypost-vocabulary.ts';
import { parcelTrackingLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { timeAgo } from '../../core/time/shopper-time.ts';
import { isDelayed } from '../../core/notification-kinds.ts';
import type { Language } from '../../core/language.ts';
import { pageWords } from '../views/words/page-words.ts';

// What leaves the process for a shopper's lookup: the order's name and, per parcel, what a shopper
// needs — never the street, the phone or the full name.

interface EventRow {
  occurred_at: Date | null;
  status: string;
  status_detail: string | null;
  message: string | null;
  location: Place | null;
}

export interface ShipmentView {
  shipment: Shipment;
  events: EventRow[];
  issues: string[];
}

export function presentShipment(view: ShipmentView, order: Order, locale: Language, now: Date) {
  const { shipment, events, issues } = view;
  const text = pageWords[locale].parcel;
  const status = (shipment.status as TrackingStatus) ?? 'unknown';
  const label = meaningOf(status, shipment.status_detail).label;
  const delayed = issues.some(isDelayed) || label === 'delayed';
  const actionNeeded = issues.includes('action_needed');
  const carrierWords = label === 'lost' || label === 'damaged' || label === 'refused';
  // Silent so long that the shop treats it as lost: said as plainly as the follow-up email said it.
  const presumedLost = issues.includes('lost') && status !== 'delivered' && !carrierWords;
  const own = presumedLost ? text.presumedLost : carrierWords ? text.detail[label] : text.status[status];
  const lastScan = events.find((e) => e.occurred_at && e.status !== 'pre_transit');
  return {
    carrier: shipment.carrier ?? shipment.declared_carrier,
    trackingCode: shipment.tracking_code,
    status,
    statusLabel: delayed && status !== 'delivered' && !presumedLost ? `${own.label} · ${text.delayed.label}` : own.label,
    nextStep: delayed && status !== 'delivered' && !presumedLost ? text.delayed.next : actionNeeded ? `${text.actionNeeded} ${own.next}` : own.next,
    estimatedDelivery: shipment.est_delivery_at ? shipment.est_delivery_at.toISOString().slice(0, 10) : null,
    // When the carrier gives no date: the day the shop's own recent deliveries say it usually arrives by.
    usuallyArrivesBy: !shipment.est_delivery_at && shipment.learned_est_delivery_at ? shipment.learned_est_delivery_at.toISOString().slice(0, 10) : null,
    deliveredAt: shipment.delivered_at?.toISOString() ?? null,
    signedBy: shipment.signed_by,
    lastScan: lastScan?.occurred_at
      ? { at: lastScan.occurred_at.toISOString(), ago: timeAgo(lastScan.occurred_at, now, locale), place: placeText(lastScan.location) }
      : null,
    timeline: events.map((e) => ({
      at: e.occurred_at?.toISOString() ?? null,
      status: e.status,
      label: text.status[(e.status as TrackingStatus) in text.status ? (e.status as TrackingStatus) : 'unknown'].label,
      message: e.message,
      place: placeText(e.location),
    })),
    trackingUrl: parcelTrackingLink(shipment),
    flags: { delayed, actionNeeded, presumedLost },
    destination: {
      city: order.shipping_address?.city ?? shipment.destination?.city ?? null,
      country: order.shipping_address?.countryCodeV2 ?? order.shipping_address?.country ?? shipment.destination?.country ?? null,
    },
  };
}

export function presentLookup({ order, parcels: views, locale, now }: { order: Order; parcels: ShipmentView[]; locale: Language; now: Date }) {
  return {
    locale,
    order: { name: order.name, cancelled: order.cancelled_at !== null },
    shipments: views.map((v) => presentShipment(v, order, locale, now)),
  };
}

export type LookupAnswer = ReturnType<typeof presentLookup>;
