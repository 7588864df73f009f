// The JSON shapes EasyPost sends for trackers, as recorded in the shared fixtures.

export interface TrackingLocation {
  object: 'TrackingLocation';
  city: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
}

export interface TrackingDetail {
  object: 'TrackingDetail';
  message: string | null;
  description: string | null;
  status: string;
  status_detail: string | null;
  datetime: string | null;
  source: string | null;
  carrier_code: string | null;
  tracking_location: TrackingLocation;
}

export interface CarrierDetail {
  object: 'CarrierDetail';
  service: string | null;
  container_type: string | null;
  est_delivery_date_local: string | null;
  est_delivery_time_local: string | null;
  origin_location: string | null;
  origin_tracking_location: TrackingLocation | null;
  destination_location: string | null;
  destination_tracking_location: TrackingLocation | null;
  guaranteed_delivery_date: string | null;
  alternate_identifier: string | null;
  initial_delivery_attempt: string | null;
}

export interface TrackerJson {
  id: string;
  object: 'Tracker';
  mode: 'test';
  tracking_code: string;
  status: string;
  status_detail: string | null;
  created_at: string;
  updated_at: string;
  signed_by: string | null;
  weight: number | null;
  est_delivery_date: string | null;
  shipment_id: null;
  carrier: string;
  tracking_details: TrackingDetail[];
  carrier_detail: CarrierDetail | null;
  finalized: boolean;
  is_return: boolean;
  public_url: string;
  fees: never[];
}

// EasyPost writes whole seconds with a Z: 2020-04-12T06:10:22Z.
export function easypostTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function trackingLocation(city: string | null, state: string | null, country: string | null, zip: string | null): TrackingLocation {
  return { object: 'TrackingLocation', city, state, country, zip };
}
