import { trackingUrlsFor } from './carriers.ts';
import { IdSequence } from './ids.ts';
import { parseTimestamp } from './time.ts';
import type {
  Address,
  DisputeStatus,
  DisputeType,
  FulfillmentInput,
  FulfillmentStatus,
  SandboxCustomer,
  SandboxDispute,
  SandboxFulfillment,
  SandboxFulfillmentEvent,
  SandboxOrder,
  TrackingUpdate,
} from './types.ts';

// The shop's records and every change to them. Each change carries its instant (`at`): the generator
// writes history, the live API writes now. A change to a fulfillment is a change to its order too, as
// on Shopify, so an incremental sync over orders' updatedAt sees it.

export interface OrderDraft {
  name?: string;
  email: string | null;
  phone: string | null;
  customerLocale: string | null;
  customer: SandboxCustomer | null;
  shippingAddress: Address | null;
  currencyCode: string;
  totalPrice: string;
}

export interface DisputeDraft {
  type: DisputeType;
  status: DisputeStatus;
  reason: string;
  networkReasonCode: string | null;
  amount: string;
  currencyCode: string;
  evidenceDueBy: string | null;
}

export type EventDraft = Omit<SandboxFulfillmentEvent, 'id' | 'createdAt'>;

// updatedAt never moves back, even when the generator writes history out of order.
function latest(current: string, at: string): string {
  return parseTimestamp(at) > parseTimestamp(current) ? at : current;
}

const FINAL_DISPUTE_STATUSES: readonly string[] = ['CHARGE_REFUNDED', 'ACCEPTED', 'WON', 'LOST'];

export class ShopStore {
  readonly #ids: IdSequence;
  readonly #orders = new Map<string, SandboxOrder>();
  readonly #fulfillments = new Map<string, SandboxFulfillment>();
  readonly #customers = new Map<string, SandboxCustomer>();
  readonly #disputes = new Map<string, SandboxDispute>();
  #nextOrderNumber = 1001;

  constructor(seed: number) {
    this.#ids = new IdSequence(seed);
  }

  newId(): string {
    return this.#ids.next();
  }

  orders(): SandboxOrder[] {
    return [...this.#orders.values()];
  }

  disputes(): SandboxDispute[] {
    return [...this.#disputes.values()];
  }

  order(id: string): SandboxOrder | undefined {
    return this.#orders.get(id);
  }

  fulfillment(id: string): SandboxFulfillment | undefined {
    return this.#fulfillments.get(id);
  }

  customer(id: string): SandboxCustomer | undefined {
    return this.#customers.get(id);
  }

  dispute(id: string): SandboxDispute | undefined {
    return this.#disputes.get(id);
  }

  addCustomer(customer: SandboxCustomer): SandboxCustomer {
    this.#customers.set(customer.id, customer);
    return customer;
  }

  addOrder(draft: OrderDraft, at: string): SandboxOrder {
    const orderNumber = this.#nextOrderNumber++;
    const { name, ...fields } = draft;
    const order: SandboxOrder = {
      id: this.newId(),
      name: name ?? `#${orderNumber}`,
      orderNumber,
      ...fields,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      cancelReason: null,
      fulfillments: [],
    };
    this.#orders.set(order.id, order);
    return order;
  }

  addFulfillment(orderId: string, input: FulfillmentInput, at: string): SandboxFulfillment {
    const order = this.#requireOrder(orderId);
    const company = input.company ?? null;
    const fulfillment: SandboxFulfillment = {
      id: this.newId(),
      orderId,
      name: `${order.name}.${order.fulfillments.length + 1}`,
      status: input.status ?? 'SUCCESS',
      trackingCompany: company,
      trackingNumbers: [...input.trackingNumbers],
      trackingUrls: input.trackingUrls ? [...input.trackingUrls] : trackingUrlsFor(company, input.trackingNumbers),
      createdAt: at,
      updatedAt: at,
      estimatedDeliveryAt: null,
      inTransitAt: null,
      deliveredAt: null,
      events: [],
    };
    order.fulfillments.push(fulfillment);
    this.#fulfillments.set(fulfillment.id, fulfillment);
    order.updatedAt = latest(order.updatedAt, at);
    return fulfillment;
  }

  setTracking(fulfillmentId: string, update: TrackingUpdate, at: string): SandboxFulfillment {
    const fulfillment = this.#requireFulfillment(fulfillmentId);
    const company = update.company === undefined ? fulfillment.trackingCompany : update.company;
    fulfillment.trackingCompany = company;
    fulfillment.trackingNumbers = [...update.trackingNumbers];
    fulfillment.trackingUrls = update.trackingUrls ? [...update.trackingUrls] : trackingUrlsFor(company, update.trackingNumbers);
    return this.#touch(fulfillment, at);
  }

  setFulfillmentStatus(fulfillmentId: string, status: FulfillmentStatus, at: string): SandboxFulfillment {
    const fulfillment = this.#requireFulfillment(fulfillmentId);
    fulfillment.status = status;
    return this.#touch(fulfillment, at);
  }

  addFulfillmentEvent(fulfillmentId: string, draft: EventDraft, at: string): SandboxFulfillmentEvent {
    const fulfillment = this.#requireFulfillment(fulfillmentId);
    const event: SandboxFulfillmentEvent = { id: this.newId(), ...draft, createdAt: at };
    fulfillment.events.push(event);
    const happenedAt = draft.happenedAt ?? at;
    if (draft.estimatedDeliveryAt) fulfillment.estimatedDeliveryAt = draft.estimatedDeliveryAt;
    if (draft.status === 'IN_TRANSIT') fulfillment.inTransitAt ??= happenedAt;
    if (draft.status === 'DELIVERED') fulfillment.deliveredAt = happenedAt;
    this.#touch(fulfillment, at);
    return event;
  }

  cancelOrder(orderId: string, at: string): SandboxOrder {
    const order = this.#requireOrder(orderId);
    order.cancelledAt ??= at;
    order.cancelReason ??= 'CUSTOMER';
    order.updatedAt = latest(order.updatedAt, at);
    return order;
  }

  addDispute(orderId: string, draft: DisputeDraft, at: string): SandboxDispute {
    this.#requireOrder(orderId);
    const dispute: SandboxDispute = {
      id: this.newId(),
      orderId,
      ...draft,
      initiatedAt: at,
      evidenceSentOn: null,
      finalizedOn: FINAL_DISPUTE_STATUSES.includes(draft.status) ? at : null,
      evidence: { submitted: false, fields: {}, updates: 0 },
    };
    this.#disputes.set(dispute.id, dispute);
    return dispute;
  }

  setDisputeStatus(disputeId: string, status: DisputeStatus, at: string): SandboxDispute {
    const dispute = this.#requireDispute(disputeId);
    dispute.status = status;
    if (FINAL_DISPUTE_STATUSES.includes(status)) dispute.finalizedOn ??= at;
    return dispute;
  }

  // Evidence is a draft until submitted; submitting sends it to the bank and the dispute goes under review.
  updateEvidence(disputeId: string, fields: Record<string, unknown>, submit: boolean, at: string): SandboxDispute {
    const dispute = this.#requireDispute(disputeId);
    Object.assign(dispute.evidence.fields, fields);
    dispute.evidence.updates++;
    if (submit) {
      dispute.evidence.submitted = true;
      dispute.evidenceSentOn = at;
      if (dispute.status === 'NEEDS_RESPONSE') dispute.status = 'UNDER_REVIEW';
    }
    return dispute;
  }

  #touch(fulfillment: SandboxFulfillment, at: string): SandboxFulfillment {
    fulfillment.updatedAt = latest(fulfillment.updatedAt, at);
    const order = this.#requireOrder(fulfillment.orderId);
    order.updatedAt = latest(order.updatedAt, at);
    return fulfillment;
  }

  #requireOrder(id: string): SandboxOrder {
    const order = this.#orders.get(id);
    if (!order) throw new Error(`The sandbox shop has no order ${id}.`);
    return order;
  }

  #requireFulfillment(id: string): SandboxFulfillment {
    const fulfillment = this.#fulfillments.get(id);
    if (!fulfillment) throw new Error(`The sandbox shop has no fulfillment ${id}.`);
    return fulfillment;
  }

  #requireDispute(id: string): SandboxDispute {
    const dispute = this.#disputes.get(id);
    if (!dispute) throw new Error(`The sandbox shop has no dispute ${id}.`);
    return dispute;
  }
}
