import { gid } from './ids.ts';
import { restTimestamp } from './time.ts';
import type { Address, SandboxDispute, SandboxFulfillment, SandboxOrder } from './types.ts';

// Webhook bodies in the REST Admin shapes of the recorded fixtures. Ids are bare JSON numbers, written
// digit for digit: above 2^53 they break a plain JSON.parse, exactly as Shopify's own bodies do.

const rawJSON: (text: string) => unknown = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON.bind(JSON);

export function restId(id: string): unknown {
  if (!/^\d+$/.test(id)) throw new TypeError(`not a numeric id: ${id}`);
  return rawJSON(id);
}

// A stable, made-up location for every fulfillment: the shop's one warehouse.
const LOCATION_ID = '9007199254741001';

export function restFulfillment(fulfillment: SandboxFulfillment, order: SandboxOrder) {
  const address = order.shippingAddress;
  return {
    id: restId(fulfillment.id),
    order_id: restId(order.id),
    status: fulfillment.status.toLowerCase(),
    created_at: restTimestamp(fulfillment.createdAt),
    service: 'manual',
    updated_at: restTimestamp(fulfillment.updatedAt),
    tracking_company: fulfillment.trackingCompany,
    shipment_status: fulfillment.events.at(-1)?.status.toLowerCase() ?? null,
    location_id: restId(LOCATION_ID),
    origin_address: null,
    email: order.email,
    destination: address && { ...restAddress(address), country_code: address.countryCode, province_code: address.provinceCode },
    line_items: [],
    tracking_number: fulfillment.trackingNumbers[0] ?? null,
    tracking_numbers: fulfillment.trackingNumbers,
    tracking_url: fulfillment.trackingUrls[0] ?? null,
    tracking_urls: fulfillment.trackingUrls,
    receipt: {},
    name: fulfillment.name,
    admin_graphql_api_id: gid('Fulfillment', fulfillment.id),
  };
}

export function restOrder(order: SandboxOrder) {
  const active = order.fulfillments.filter((f) => f.status === 'SUCCESS' || f.status === 'OPEN');
  return {
    id: restId(order.id),
    admin_graphql_api_id: gid('Order', order.id),
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: restTimestamp(order.cancelledAt),
    closed_at: null,
    confirmed: true,
    contact_email: order.email,
    created_at: restTimestamp(order.createdAt),
    currency: order.currencyCode,
    customer_locale: order.customerLocale,
    email: order.email,
    financial_status: 'paid',
    fulfillment_status: active.length > 0 ? 'fulfilled' : null,
    name: order.name,
    number: order.orderNumber - 1000,
    order_number: order.orderNumber,
    phone: order.phone,
    processed_at: restTimestamp(order.createdAt),
    total_price: order.totalPrice,
    updated_at: restTimestamp(order.updatedAt),
    customer: order.customer && {
      id: restId(order.customer.id),
      email: order.customer.email,
      created_at: restTimestamp(order.customer.createdAt),
      first_name: order.customer.firstName,
      last_name: order.customer.lastName,
      locale: order.customer.locale,
      admin_graphql_api_id: gid('Customer', order.customer.id),
    },
    fulfillments: order.fulfillments.map((fulfillment) => restFulfillment(fulfillment, order)),
    line_items: [],
    shipping_address: order.shippingAddress && { ...restAddress(order.shippingAddress), country_code: order.shippingAddress.countryCode, province_code: order.shippingAddress.provinceCode },
  };
}

export function restDispute(dispute: SandboxDispute) {
  return {
    id: restId(dispute.id),
    order_id: restId(dispute.orderId),
    type: dispute.type.toLowerCase(),
    amount: dispute.amount,
    currency: dispute.currencyCode,
    reason: dispute.reason.toLowerCase(),
    network_reason_code: dispute.networkReasonCode,
    status: dispute.status.toLowerCase(),
    evidence_due_by: restTimestamp(dispute.evidenceDueBy),
    evidence_sent_on: dispute.evidenceSentOn === null ? null : restTimestamp(dispute.evidenceSentOn),
    finalized_on: dispute.finalizedOn === null ? null : restTimestamp(dispute.finalizedOn),
    initiated_at: restTimestamp(dispute.initiatedAt),
  };
}

export function restShop(shopDomain: string) {
  return {
    id: restId('9007199254741003'),
    name: 'Whereabouts Sandbox',
    email: 'owner@whereabouts-sandbox.example',
    domain: shopDomain,
    myshopify_domain: shopDomain,
    country_code: 'US',
    currency: 'USD',
    iana_timezone: 'Etc/GMT+5',
    plan_name: 'basic',
  };
}

function restAddress(address: Address) {
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: address.lastName,
    address2: address.address2,
    company: address.company,
    latitude: null,
    longitude: null,
    name: address.name,
  };
}
