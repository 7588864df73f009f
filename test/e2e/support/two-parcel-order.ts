import type { Order, Shipment } from '../../../db/schema.ts';
import type { TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';

// A Danish shopper's order in two parcels: one still on its way (with an estimate), one already
// delivered and signed for. Times are relative to now, so "5 hours ago" stays true.

const HOUR = 3_600_000;

export const shopper = { orderNumber: '1042', email: 'mette.larsen@example.dk', postalCode: '8000' };

export interface SeededEvent {
  hoursAgo: number;
  status: string;
  message: string;
  city: string;
  country: string;
}

// Newest first, as the page lists them.
export const inTransitEvents: SeededEvent[] = [
  { hoursAgo: 5, status: 'in_transit', message: 'Arrived at the distribution hub', city: 'Kolding', country: 'DK' },
  { hoursAgo: 20, status: 'in_transit', message: 'Departed the sorting centre', city: 'Hamburg', country: 'DE' },
  { hoursAgo: 30, status: 'pre_transit', message: 'Shipment information received', city: 'Berlin', country: 'DE' },
];

export const deliveredEvents: SeededEvent[] = [
  { hoursAgo: 50, status: 'delivered', message: 'Delivered, signed for by M. Larsen', city: 'Aarhus', country: 'DK' },
  { hoursAgo: 54, status: 'out_for_delivery', message: 'Out for delivery', city: 'Aarhus', country: 'DK' },
  { hoursAgo: 70, status: 'in_transit', message: 'Arrived at the sorting centre', city: 'Copenhagen', country: 'DK' },
];

export interface TwoParcelOrder {
  order: Order;
  inTransit: Shipment;
  delivered: Shipment;
  estimatedDelivery: Date;
  deliveredAt: Date;
}

async function addEvents(ctx: TestContext, shipment: Shipment, events: SeededEvent[], now: number): Promise<void> {
  for (const e of events) {
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: new Date(now - e.hoursAgo * HOUR), status: e.status, message: e.message, location: JSON.stringify({ city: e.city, country: e.country }) });
  }
}

export async function seedTwoParcelOrder(ctx: TestContext, now = Date.now()): Promise<TwoParcelOrder> {
  const order = await buildOrder(ctx.db, ctx.shop.id, {
    name: `#${shopper.orderNumber}`,
    number: Number(shopper.orderNumber),
    email: 'Mette.Larsen@Example.dk',
    postal_code: shopper.postalCode,
    customer_locale: 'da',
    shipping_address: JSON.stringify({ name: 'Mette Larsen', address1: 'Vestergade 12', city: 'Aarhus', zip: '8000', countryCodeV2: 'DK' }),
  });
  // Midnight UTC two days ahead: the carrier's estimate is a day, not a time.
  const estimatedDelivery = new Date(Math.floor((now + 2 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR);
  const inTransit = await buildShipment(ctx.db, order, {
    tracking_code: 'GLS00423196511',
    carrier: 'GLS',
    status: 'in_transit',
    est_delivery_at: estimatedDelivery,
    last_scan_at: new Date(now - 5 * HOUR),
    public_url: 'https://track.example/GLS00423196511',
    created_at: new Date(now - 40 * HOUR),
  });
  const deliveredAt = new Date(now - 50 * HOUR);
  const delivered = await buildShipment(ctx.db, order, {
    tracking_code: 'PN7781234561DK',
    carrier: 'PostNord',
    status: 'delivered',
    delivered_at: deliveredAt,
    signed_by: 'M. Larsen',
    last_scan_at: deliveredAt,
    public_url: 'https://track.example/PN7781234561DK',
    created_at: new Date(now - 80 * HOUR),
  });
  await addEvents(ctx, inTransit, inTransitEvents, now);
  await addEvents(ctx, delivered, deliveredEvents, now);
  return { order, inTransit, delivered, estimatedDelivery, deliveredAt };
}
