import { withoutNul } from '../../core/text.ts';
import type { Tx } from '../../db/database.ts';
import { upsertOrderIfNewer } from '../../db/orders.repository.ts';
import type { Order, Shipment } from '../../db/schema.ts';
import { findShipmentByCode, insertShipment, listShipmentsForOrder, retireShipments, setOrderAttention, updateShipment } from '../../db/shipments.repository.ts';
import { shopifyProtectedDataRefused } from '../../core/metrics.ts';
import type { Logger } from '../../core/logger.ts';
import { isLiveFulfillment, legacyId, type OrderNode } from './order-node.ts';
import { displayableTrackingNumber, normalizeTrackingNumber } from './tracking-numbers.ts';

export interface StoredOrder {
  order: Order | undefined;
  // The payload was older than what we hold: nothing was changed.
  stale: boolean;
  added: number;
  retired: number;
  refused: number;
}

interface WantedShipment {
  code: string;
  fulfillmentId: string;
  company: string | null;
  url: string | null;
  // The fulfillment's creation: when the label was made.
  shippedAt: Date | null;
  refusedReason?: string;
}

// One shipment per tracking number of every live fulfillment; a refused number becomes a shipment that
// is never polled and flagged for support, so the problem is visible rather than silently dropped.
function wantedShipments(node: OrderNode): WantedShipment[] {
  if (node.cancelledAt) return [];
  const wanted = new Map<string, WantedShipment>();
  for (const fulfillment of node.fulfillments.filter(isLiveFulfillment)) {
    for (const info of fulfillment.trackingInfo) {
      const number = normalizeTrackingNumber(info.number);
      if (!number) continue;
      const code = number.ok ? number.code : displayableTrackingNumber(number.raw);
      if (wanted.has(code)) continue;
      wanted.set(code, {
        code,
        fulfillmentId: fulfillment.legacyResourceId,
        company: info.company,
        url: info.url,
        shippedAt: validDate(fulfillment.createdAt),
        ...(number.ok ? {} : { refusedReason: number.reason }),
      });
    }
  }
  return [...wanted.values()];
}

// Stores an order read from Shopify and reconciles its shipments: new numbers are tracked from now,
// numbers no longer there (changed, cancelled) are retired, and nothing regresses when the data is
// older than what we hold.
export async function storeOrder(trx: Tx, shopId: string, read: OrderNode, now: Date, logger: Logger): Promise<StoredOrder> {
  // Text from Shopify is stored as given, but for NUL characters, which PostgreSQL cannot hold.
  const node = withoutNul(read);
  const refused = (read.protectedDataRefused ?? []).length > 0;
  if (refused) noteRefusal(read, logger);
  const address = node.shippingAddress ?? null;
  const order = await upsertOrderIfNewer(trx, {
    shop_id: shopId,
    shopify_id: node.legacyResourceId,
    name: node.name,
    number: orderNumberOf(node.name),
    email: node.email?.trim() || node.customer?.email?.trim() || null,
    customer_id: node.customer ? legacyId(node.customer.id) : null,
    customer_locale: node.customerLocale ?? node.customer?.locale ?? null,
    shipping_address: address ? JSON.stringify(address) : null,
    postal_code: address?.zip?.trim() || null,
    cancelled_at: node.cancelledAt ? new Date(node.cancelledAt) : null,
    shopify_updated_at: new Date(node.updatedAt),
  }, { keepCustomerData: refused });
  if (!order) return { order: undefined, stale: true, added: 0, retired: 0, refused: 0 };

  const existing = await listShipmentsForOrder(trx, order.id);
  const byCode = new Map(existing.map((s) => [s.tracking_code, s]));
  const wanted = wantedShipments(node);
  const result: StoredOrder = { order, stale: false, added: 0, retired: 0, refused: 0 };

  for (const want of wanted) {
    const current = byCode.get(want.code);
    if (current) {
      await relink(trx, current, want, now);
      continue;
    }
    const elsewhere = await findShipmentByCode(trx, shopId, want.code);
    if (elsewhere) {
      logger.warn({ trackingCode: want.code, order: node.name, otherOrderId: elsewhere.order_id }, 'tracking number already belongs to another order: kept there');
      continue;
    }
    if (want.refusedReason) {
      logger.warn({ order: node.name, trackingNumber: want.code, reason: want.refusedReason }, 'tracking number refused');
      result.refused++;
    }
    await insertShipment(trx, {
      shop_id: shopId,
      order_id: order.id,
      fulfillment_id: want.fulfillmentId,
      tracking_code: want.code,
      declared_carrier: want.company,
      tracking_url: want.url,
      shipped_at: want.shippedAt ?? now,
      next_check_at: want.refusedReason ? null : now,
      attention: want.refusedReason ? 'invalid_tracking_code' : null,
      last_error: want.refusedReason ? `invalid: ${want.refusedReason}` : null,
    });
    result.added++;
  }

  const wantedCodes = new Set(wanted.map((w) => w.code));
  // A replacement support sent for a lost parcel is no fulfillment of Shopify's (until the shop adds
  // its number to one): the order's fulfillments not naming it does not retire it.
  const gone = existing.filter((s) => !s.retired_at && !wantedCodes.has(s.tracking_code) && !(s.replaces_shipment_id && !s.fulfillment_id)).map((s) => s.id);
  await retireShipments(trx, gone, now);
  result.retired = gone.length;
  await setOrderAttention(trx, order.id, 'customer_data_refused', refused);
  return result;
}

// Shopify answers null for protected customer data the app was not approved to read: tracking goes on,
// but the shopper cannot be emailed or look the order up. Said once per read, plainly, with the fix.
function noteRefusal(node: OrderNode, logger: Logger): void {
  const fields = node.protectedDataRefused ?? [];
  for (const field of fields) shopifyProtectedDataRefused.inc({ field });
  logger.warn(
    { order: node.name, fields },
    `Shopify withheld protected customer data (${fields.join(', ')}): select these fields under Protected customer data in the app's Dev Dashboard, then release a new version`,
  );
}

function validDate(value: string | null | undefined): Date | null {
  const at = value ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

// "#1042" → 1042; a name without digits, or with more than the column holds, has no number.
function orderNumberOf(name: string): number | null {
  const digits = /\d+/.exec(name)?.[0];
  const number = digits && digits.length <= 10 ? Number(digits) : NaN;
  return number > 0 && number <= 2_147_483_647 ? number : null;
}

async function relink(trx: Tx, shipment: Shipment, want: WantedShipment, now: Date): Promise<void> {
  const unchanged =
    shipment.fulfillment_id === want.fulfillmentId && shipment.declared_carrier === want.company && shipment.tracking_url === want.url && (!shipment.retired_at || shipment.tracking_stopped_at !== null);
  if (unchanged) return;
  await updateShipment(trx, shipment.id, {
    fulfillment_id: want.fulfillmentId,
    declared_carrier: want.company,
    tracking_url: want.url,
    // A number that comes back (a cancellation undone) is tracked again, unless support stopped it.
    ...(shipment.retired_at && !shipment.tracking_stopped_at && !want.refusedReason ? { retired_at: null, next_check_at: now } : {}),
  });
}
