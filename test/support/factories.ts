import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import type { Insertable, Selectable } from 'kysely';
import type {
  BlocklistEntriesTable,
  Dispute,
  DisputesTable,
  NewOrder,
  NewShipment,
  Notification,
  NotificationsTable,
  Order,
  Shipment,
  ShipmentIssue,
  ShipmentIssuesTable,
  TrackingEventsTable,
} from '../../db/schema.ts';

// Factories build valid rows with unique values; a test overrides only what it is about.

let sequence = 0;
const next = () => ++sequence;

export async function buildOrder(db: Db | Tx, shopId: string, overrides: Partial<NewOrder> = {}): Promise<Order> {
  const n = next();
  return db
    .insertInto('orders')
    .values({
      shop_id: shopId,
      // Above 2^53 on purpose: ids must survive as strings.
      shopify_id: (9007199254740993n + BigInt(n)).toString(),
      name: `#${1000 + n}`,
      number: 1000 + n,
      email: `shopper${n}@example.com`,
      customer_locale: 'en',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildShipment(db: Db | Tx, order: Order, overrides: Partial<NewShipment> = {}): Promise<Shipment> {
  return db
    .insertInto('shipments')
    .values({
      shop_id: order.shop_id,
      order_id: order.id,
      tracking_code: `EZ${randomBytes(5).toString('hex').toUpperCase()}`,
      declared_carrier: 'USPS',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// A not-received case of the order, opened by the shopper; a test about a parcel's case names its
// shipment_id.
export async function buildDispute(db: Db | Tx, order: Order, overrides: Partial<Insertable<DisputesTable>> = {}): Promise<Dispute> {
  return db
    .insertInto('disputes')
    .values({ shop_id: order.shop_id, order_id: order.id, source: 'shopper', ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// An email about the parcel, as recorded (pending) unless the test says how it went.
export async function buildNotification(db: Db | Tx, shipment: Shipment, overrides: Partial<Insertable<NotificationsTable>> = {}): Promise<Notification> {
  const n = next();
  return db
    .insertInto('notifications')
    .values({
      shop_id: shipment.shop_id,
      shipment_id: shipment.id,
      order_id: shipment.order_id,
      kind: 'delivered',
      recipient: `shopper${n}@example.com`,
      message_id: `<n${n}@test.example>`,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildWebhookReceipt(db: Db | Tx, shopId: string, receivedAt: Date, eventId = `evt_${next()}`) {
  return db
    .insertInto('webhook_receipts')
    .values({ shop_id: shopId, provider: 'shopify', event_id: eventId, topic: 'orders/updated', received_at: receivedAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// A scan of the parcel, just now and on its way; a test about the timeline or the delivery scan says
// when, what and where.
export async function buildTrackingEvent(
  db: Db | Tx,
  shipment: Pick<Shipment, 'id' | 'shop_id'>,
  overrides: Partial<Insertable<TrackingEventsTable>> = {},
): Promise<Selectable<TrackingEventsTable>> {
  return db
    .insertInto('tracking_events')
    .values({
      shop_id: shipment.shop_id,
      shipment_id: shipment.id,
      dedupe_key: `event-${next()}`,
      occurred_at: new Date(),
      status: 'in_transit',
      message: 'Arrived at the sorting centre',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// An open stall of the parcel, its first episode, opened just now. Details stay empty as the column
// allows; a test about what detection found writes them as detection would.
export async function buildIssue(
  db: Db | Tx,
  shipment: Pick<Shipment, 'id' | 'shop_id'>,
  overrides: Partial<Insertable<ShipmentIssuesTable>> = {},
): Promise<ShipmentIssue> {
  return db
    .insertInto('shipment_issues')
    .values({ shop_id: shipment.shop_id, shipment_id: shipment.id, kind: 'stalled', episode: 1, opened_at: new Date(), ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// A full block of an email address, for good. The subject is stored as given, not normalised: some
// tests are about a subject in another spelling than the shopper types.
export async function buildBlock(db: Db | Tx, shopId: string, overrides: Partial<Insertable<BlocklistEntriesTable>> = {}): Promise<Selectable<BlocklistEntriesTable>> {
  return db
    .insertInto('blocklist_entries')
    .values({ shop_id: shopId, subject_kind: 'email', subject: `blocked${next()}@example.com`, level: 'blocked', reason: 'too many claims', ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}
