// The kinds of scan a scenario is scripted from. Each carrier's vocabulary says how a role
// reads (message, place, codes); this table gives the status a role stands for when the
// recording has none, using the most common status_detail in the recorded catalogue.

export const domesticRoles = [
  'info',
  'label',
  'accepted',
  'origin_hub',
  'departed',
  'en_route',
  'hub',
  'hub_departed',
  'local',
  'sorted',
  'out_for_delivery',
  'delivered',
] as const;

export const internationalRoles = [
  'export_facility',
  'export_departed',
  'arrived_abroad',
  'customs_in',
  'customs_cleared',
  'abroad_local',
  'abroad_out_for_delivery',
  'abroad_delivered',
] as const;

export const troubleRoles = [
  'attempt',
  'pickup',
  'return',
  'failure',
  'refused',
  'address_correction',
  'held',
  'awaiting_information',
  'lost',
  'damaged',
  'delayed',
  'weather_delay',
  'missorted',
  'transit_exception',
  'cancelled',
  'expired',
  'error',
] as const;

export type DomesticRole = (typeof domesticRoles)[number];
export type InternationalRole = (typeof internationalRoles)[number];
export type Role = DomesticRole | InternationalRole | (typeof troubleRoles)[number];

export const roleStatus: Record<Role, { status: string; statusDetail: string }> = {
  info: { status: 'pre_transit', statusDetail: 'status_update' },
  label: { status: 'pre_transit', statusDetail: 'status_update' },
  accepted: { status: 'in_transit', statusDetail: 'arrived_at_facility' },
  origin_hub: { status: 'in_transit', statusDetail: 'arrived_at_facility' },
  departed: { status: 'in_transit', statusDetail: 'departed_facility' },
  en_route: { status: 'in_transit', statusDetail: 'status_update' },
  hub: { status: 'in_transit', statusDetail: 'arrived_at_facility' },
  hub_departed: { status: 'in_transit', statusDetail: 'departed_facility' },
  local: { status: 'in_transit', statusDetail: 'arrived_at_facility' },
  sorted: { status: 'in_transit', statusDetail: 'status_update' },
  out_for_delivery: { status: 'out_for_delivery', statusDetail: 'out_for_delivery' },
  delivered: { status: 'delivered', statusDetail: 'arrived_at_destination' },
  export_facility: { status: 'in_transit', statusDetail: 'received_at_origin_facility' },
  export_departed: { status: 'in_transit', statusDetail: 'departed_origin_facility' },
  arrived_abroad: { status: 'in_transit', statusDetail: 'transferred_to_destination_carrier' },
  customs_in: { status: 'in_transit', statusDetail: 'in_transit' },
  customs_cleared: { status: 'in_transit', statusDetail: 'status_update' },
  abroad_local: { status: 'in_transit', statusDetail: 'received_at_destination_facility' },
  abroad_out_for_delivery: { status: 'out_for_delivery', statusDetail: 'out_for_delivery' },
  abroad_delivered: { status: 'delivered', statusDetail: 'arrived_at_destination' },
  attempt: { status: 'in_transit', statusDetail: 'delivery_exception' },
  pickup: { status: 'available_for_pickup', statusDetail: 'arrived_at_pickup_location' },
  return: { status: 'return_to_sender', statusDetail: 'return' },
  failure: { status: 'failure', statusDetail: 'failure' },
  refused: { status: 'return_to_sender', statusDetail: 'refused' },
  address_correction: { status: 'in_transit', statusDetail: 'address_correction' },
  held: { status: 'in_transit', statusDetail: 'held' },
  awaiting_information: { status: 'in_transit', statusDetail: 'awaiting_information' },
  lost: { status: 'failure', statusDetail: 'lost' },
  damaged: { status: 'in_transit', statusDetail: 'damaged' },
  delayed: { status: 'in_transit', statusDetail: 'delayed' },
  weather_delay: { status: 'in_transit', statusDetail: 'weather_delay' },
  missorted: { status: 'in_transit', statusDetail: 'missorted' },
  transit_exception: { status: 'in_transit', statusDetail: 'transit_exception' },
  cancelled: { status: 'cancelled', statusDetail: 'cancelled' },
  expired: { status: 'pre_transit', statusDetail: 'expired' },
  error: { status: 'error', statusDetail: 'unknown' },
};

export const deliveredRoles: ReadonlySet<Role> = new Set<Role>(['delivered', 'abroad_delivered']);
export const deliveryAttemptRoles: ReadonlySet<Role> = new Set<Role>(['delivered', 'abroad_delivered', 'attempt']);
