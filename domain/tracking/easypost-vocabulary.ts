// EasyPost's tracking vocabulary and what each word means for us: the one table the rules, the
// Shopify write-back, the poll schedule and the shopper's status label all read. The lists are
// EasyPost's official ones (the node client's types/Tracker/TrackerStatus.d.ts and
// TrackerStatusDetail.d.ts); a value outside them is logged once and read as in_transit.

export const trackingStatuses = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

export const statusDetails = [
  'address_correction',
  'arrived_at_destination',
  'arrived_at_facility',
  'arrived_at_pickup_location',
  'awaiting_information',
  'cancelled',
  'damaged',
  'delayed',
  'delivery_exception',
  'departed_facility',
  'departed_origin_facility',
  'expired',
  'failure',
  'held',
  'in_transit',
  'label_created',
  'lost',
  'missorted',
  'out_for_delivery',
  'received_at_destination_facility',
  'received_at_origin_facility',
  'refused',
  'return',
  'status_update',
  'transferred_to_destination_carrier',
  'transit_exception',
  'unknown',
  'weather_delay',
] as const;
export type StatusDetail = (typeof statusDetails)[number];

// What a status or detail raises (domain/detection): action_needed — the shopper must do something;
// carrier_delay — the carrier itself declared a delay: tell the shopper honestly, without waiting for
// a stall; exception — support looks; lost_or_damaged — its own case for support, not "returning";
// returning — on its way back to the shop; tracking_error — EasyPost cannot track the code.
export type Rule = 'action_needed' | 'carrier_delay' | 'exception' | 'lost_or_damaged' | 'returning' | 'tracking_error';

// Shopify's FulfillmentEventStatus values we post; null posts nothing.
export type ShopifyEventStatus = 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'READY_FOR_PICKUP' | 'ATTEMPTED_DELIVERY' | 'DELAYED' | 'FAILURE';

// How often to ask the carrier (the hours are configured, see poll-schedule.ts): a status's own
// cadence, `slow` (POLL_SLOW_HOURS), `error` (the unknown back-off, stopping after
// POLL_ERROR_MAX_CHECKS answers in a row), or `stop`.
export type PollClass = 'unknown' | 'pre_transit' | 'in_transit' | 'out_for_delivery' | 'slow' | 'error' | 'stop';

// The shopper's status label: a status's own label, or one of these.
export type ShopperLabel = TrackingStatus | 'delayed' | 'action_needed' | 'lost' | 'damaged' | 'refused';

export interface Meaning {
  label: ShopperLabel;
  rule: Rule | null;
  shopify: ShopifyEventStatus | null;
  poll: PollClass;
}

export const statusMeanings: Record<TrackingStatus, Meaning> = {
  unknown: { label: 'unknown', rule: null, shopify: null, poll: 'unknown' },
  pre_transit: { label: 'pre_transit', rule: null, shopify: null, poll: 'pre_transit' },
  in_transit: { label: 'in_transit', rule: null, shopify: 'IN_TRANSIT', poll: 'in_transit' },
  out_for_delivery: { label: 'out_for_delivery', rule: null, shopify: 'OUT_FOR_DELIVERY', poll: 'out_for_delivery' },
  available_for_pickup: { label: 'available_for_pickup', rule: 'action_needed', shopify: 'READY_FOR_PICKUP', poll: 'slow' },
  delivered: { label: 'delivered', rule: null, shopify: 'DELIVERED', poll: 'stop' },
  return_to_sender: { label: 'return_to_sender', rule: 'returning', shopify: 'FAILURE', poll: 'slow' },
  failure: { label: 'failure', rule: 'exception', shopify: 'FAILURE', poll: 'stop' },
  cancelled: { label: 'cancelled', rule: 'exception', shopify: null, poll: 'stop' },
  error: { label: 'error', rule: 'tracking_error', shopify: null, poll: 'error' },
};

// A detail refines its status; what it leaves out follows the status.
export const statusDetailMeanings: Record<StatusDetail, Partial<Meaning>> = {
  address_correction: { label: 'action_needed', rule: 'action_needed', shopify: 'ATTEMPTED_DELIVERY' },
  arrived_at_destination: {},
  arrived_at_facility: {},
  arrived_at_pickup_location: { label: 'available_for_pickup', rule: 'action_needed', shopify: 'READY_FOR_PICKUP', poll: 'slow' },
  awaiting_information: { label: 'delayed', rule: 'exception', shopify: 'DELAYED' },
  cancelled: { label: 'cancelled', rule: 'exception' },
  damaged: { label: 'damaged', rule: 'lost_or_damaged', shopify: 'FAILURE', poll: 'slow' },
  delayed: { label: 'delayed', rule: 'carrier_delay', shopify: 'DELAYED' },
  delivery_exception: { label: 'action_needed', rule: 'action_needed', shopify: 'ATTEMPTED_DELIVERY' },
  departed_facility: {},
  departed_origin_facility: {},
  expired: { rule: 'exception', poll: 'slow' },
  failure: { label: 'failure', rule: 'exception', shopify: 'FAILURE' },
  held: { label: 'action_needed', rule: 'action_needed' },
  in_transit: {},
  label_created: {},
  lost: { label: 'lost', rule: 'lost_or_damaged', shopify: 'FAILURE', poll: 'slow' },
  missorted: { label: 'delayed', rule: 'carrier_delay', shopify: 'DELAYED' },
  out_for_delivery: {},
  received_at_destination_facility: {},
  received_at_origin_facility: {},
  refused: { label: 'refused', rule: 'exception', shopify: 'FAILURE', poll: 'slow' },
  return: { label: 'return_to_sender', rule: 'returning', shopify: 'FAILURE', poll: 'slow' },
  status_update: {},
  transferred_to_destination_carrier: {},
  transit_exception: { label: 'delayed', rule: 'exception', shopify: 'DELAYED' },
  unknown: {},
  weather_delay: { label: 'delayed', rule: 'carrier_delay', shopify: 'DELAYED' },
};

export function isTrackingStatus(value: string): value is TrackingStatus {
  return Object.hasOwn(statusMeanings, value);
}

export function isStatusDetail(value: string): value is StatusDetail {
  return Object.hasOwn(statusDetailMeanings, value);
}

// What a status and detail mean together. A delivered parcel, a tracker in error and a stopped one
// keep their status's meaning: the detail may change the label and the rule but never resume polling,
// and it tells Shopify something only while the parcel is in transit.
export function meaningOf(status: TrackingStatus, statusDetail: string | null | undefined): Meaning {
  const own = statusMeanings[status];
  const detail = statusDetail && isStatusDetail(statusDetail) ? statusDetailMeanings[statusDetail] : undefined;
  if (!detail || status === 'delivered' || status === 'error') return own;
  return {
    label: detail.label ?? own.label,
    rule: detail.rule ?? own.rule,
    shopify: status === 'in_transit' && detail.shopify !== undefined ? detail.shopify : own.shopify,
    poll: own.poll === 'stop' ? 'stop' : (detail.poll ?? own.poll),
  };
}

// Tracking ends on these: nothing more will happen.
export function isTerminal(status: TrackingStatus): boolean {
  return statusMeanings[status].poll === 'stop';
}

const reported = new Set<string>();

// Logs a value EasyPost sent that the table does not know, once per process.
export function reportUnknownVocabulary(values: readonly string[], log: (fields: Record<string, unknown>, message: string) => void): void {
  for (const value of values) {
    if (reported.has(value)) continue;
    reported.add(value);
    const [field, word] = value.split('=', 2);
    log({ field, value: word }, 'EasyPost sent a tracking value we do not know: read as in_transit');
  }
}
