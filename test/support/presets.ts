import type { Address, NewOrder, NewShipment, Order, Shipment } from '../../db/schema.ts';
import type { TestContext } from './context.ts';
import { buildOrder, buildShipment } from './factories.ts';

// Whole situations that several suites start from, built with the factories; a test overrides only
// what it is about.

const HOUR = 3_600_000;

export const danishAddress: Address = { name: 'Mette Larsen', address1: 'Nørregade 7', city: 'Aarhus C', zip: '8000', country: 'Denmark', countryCodeV2: 'DK' };

export interface DanishOrder {
  order: Order;
  parcel: Shipment;
}

// Mette Larsen's order #1042 to Aarhus, and its PostNord parcel, delivered five hours ago and signed
// for. She ordered in English, so a page speaks Danish only when the test asks for it (?lang=da, or
// her language set to Danish).
export async function danishOrder(ctx: TestContext, overrides: { order?: Partial<NewOrder>; parcel?: Partial<NewShipment> } = {}): Promise<DanishOrder> {
  const order = await buildOrder(ctx.db, ctx.shop.id, {
    name: '#1042',
    number: 1042,
    email: 'mette@example.dk',
    customer_locale: 'en',
    shipping_address: JSON.stringify(danishAddress),
    ...overrides.order,
  });
  const parcel = await buildShipment(ctx.db, order, {
    carrier: 'PostNord',
    tracking_code: 'PN7781234561DK',
    status: 'delivered',
    delivered_at: new Date(Date.now() - 5 * HOUR),
    signed_by: 'M. Larsen',
    ...overrides.parcel,
  });
  return { order, parcel };
}

export interface OrderWithTwoParcels {
  order: Order;
  delivered: Shipment;
  inTransit: Shipment;
}

// The same order sent in two parcels: the delivered one, and a GLS parcel still on its way.
export async function orderWithTwoParcels(
  ctx: TestContext,
  overrides: { order?: Partial<NewOrder>; delivered?: Partial<NewShipment>; inTransit?: Partial<NewShipment> } = {},
): Promise<OrderWithTwoParcels> {
  const { order, parcel: delivered } = await danishOrder(ctx, { order: overrides.order, parcel: overrides.delivered });
  const inTransit = await buildShipment(ctx.db, order, { carrier: 'GLS', tracking_code: 'GLS00423196511', status: 'in_transit', ...overrides.inTransit });
  return { order, delivered, inTransit };
}
