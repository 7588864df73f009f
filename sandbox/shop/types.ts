// The sandbox shop's data, as its test and demo API hands it out. Ids are strings of digits (most
// exceed 2^53, as Shopify's do); timestamps are ISO-8601 UTC strings in the form the GraphQL API
// serves them: whole seconds like Shopify ("2026-11-20T10:00:05Z"), with milliseconds only when a
// change in the same second had to be ordered after another ("2026-11-20T10:00:05.001Z").

export interface Address {
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface SandboxCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string;
  createdAt: string;
}

export type FulfillmentStatus = 'SUCCESS' | 'CANCELLED' | 'ERROR' | 'FAILURE' | 'OPEN' | 'PENDING';

export interface SandboxFulfillmentEvent {
  id: string;
  status: string;
  happenedAt: string | null;
  message: string | null;
  estimatedDeliveryAt: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  zip: string | null;
  createdAt: string;
}

export interface SandboxFulfillment {
  id: string;
  orderId: string;
  name: string;
  status: FulfillmentStatus;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  createdAt: string;
  updatedAt: string;
  estimatedDeliveryAt: string | null;
  inTransitAt: string | null;
  deliveredAt: string | null;
  events: SandboxFulfillmentEvent[];
}

export interface SandboxOrder {
  id: string;
  name: string;
  orderNumber: number;
  email: string | null;
  phone: string | null;
  customerLocale: string | null;
  customer: SandboxCustomer | null;
  shippingAddress: Address | null;
  currencyCode: string;
  totalPrice: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  fulfillments: SandboxFulfillment[];
}

export type DisputeStatus = 'NEEDS_RESPONSE' | 'UNDER_REVIEW' | 'CHARGE_REFUNDED' | 'ACCEPTED' | 'WON' | 'LOST';
export type DisputeType = 'CHARGEBACK' | 'INQUIRY';

export interface SandboxDisputeEvidence {
  submitted: boolean;
  fields: Record<string, unknown>;
  updates: number;
}

export interface SandboxDispute {
  id: string;
  orderId: string;
  type: DisputeType;
  status: DisputeStatus;
  reason: string;
  networkReasonCode: string | null;
  amount: string;
  currencyCode: string;
  initiatedAt: string;
  evidenceDueBy: string | null;
  // DateTime, as in Shopify's 2026-10 schema.
  evidenceSentOn: string | null;
  finalizedOn: string | null;
  evidence: SandboxDisputeEvidence;
}

export interface OrderInput {
  email: string | null;
  locale: 'en' | 'da' | 'fil' | string;
  customerId: string | null;
  shippingAddress: Partial<Address> | null;
  name: string;
}

export interface FulfillmentInput {
  trackingNumbers: string[];
  trackingUrls?: string[];
  company?: string | null;
  status?: 'SUCCESS' | 'CANCELLED' | 'FAILURE' | 'OPEN';
}

export interface TrackingUpdate {
  trackingNumbers: string[];
  trackingUrls?: string[];
  company?: string | null;
}

export interface DisputeInput {
  reason: string;
  type: DisputeType;
  status: string;
  evidenceDueBy: Date;
  amount: string;
}
