import { fixturePaths, testCodeFixturePath } from './fixtures.ts';
import type { Role } from './roles.ts';
import { trackingLocation, type CarrierDetail, type TrackingLocation } from './tracker-json.ts';

// How each carrier family reads. Scans come from a recorded tracker wherever the recording
// has one (index into its tracking_details); the rest are written in the same carrier's
// style and placed at a recorded scan's location or at a given one.

export interface RecordedText {
  fixture: string;
  scan: number;
}

export interface AuthoredScan {
  message: string | RecordedText;
  at: Role | TrackingLocation;
  carrierCode?: string;
  statusDetail?: string;
}

export interface VocabularySpec {
  fixture: string;
  recorded: Partial<Record<Role, number>>;
  authored: Partial<Record<Role, AuthoredScan>>;
  carrierDetail?: Partial<CarrierDetail>;
}

export type VocabularyName = 'usps' | 'usps_international' | 'ups' | 'fedex' | 'generic';

const NOWHERE = trackingLocation(null, null, null, null);
const returnedText: RecordedText = { fixture: testCodeFixturePath('EZ5000000005', 'return_to_sender'), scan: 7 };
const failedText: RecordedText = { fixture: testCodeFixturePath('EZ6000000006', 'failure'), scan: 3 };
const errorText: RecordedText = { fixture: 'trackers/error__unknown_status_detail__usps__2024-08.json', scan: 0 };

const uspsDomestic: VocabularySpec = {
  fixture: fixturePaths.uspsDomestic,
  recorded: { info: 0, label: 1, accepted: 2, hub: 3, local: 4, sorted: 5, out_for_delivery: 6, delivered: 7 },
  authored: {
    departed: { message: 'Departed USPS Regional Facility', at: 'accepted' },
    en_route: { message: 'In Transit to Next Facility', at: NOWHERE },
    hub_departed: { message: 'Departed USPS Regional Facility', at: 'hub' },
    attempt: { message: 'Notice Left (No Authorized Recipient Available)', at: 'local' },
    pickup: { message: 'Available for Pickup', at: 'local' },
    return: { message: returnedText, at: 'local' },
    failure: { message: failedText, at: 'accepted' },
  },
};

const BROOKLYN = trackingLocation('BROOKLYN', 'NY', 'US', '11201');

export const vocabularySpecs: Record<VocabularyName, VocabularySpec> = {
  usps: uspsDomestic,
  usps_international: {
    ...uspsDomestic,
    fixture: fixturePaths.uspsInternational,
    carrierDetail: { service: 'First-Class Package International Service', destination_location: 'LONDON EC1A 1BB, GB' },
  },
  ups: {
    fixture: fixturePaths.upsDelivered,
    recorded: { info: 0, accepted: 1, departed: 2, local: 3, out_for_delivery: 4, delivered: 5 },
    authored: {
      attempt: { message: "THE RECEIVER WAS NOT AVAILABLE FOR DELIVERY. WE'LL MAKE A SECOND ATTEMPT THE NEXT BUSINESS DAY.", at: 'local' },
      pickup: { message: 'DELIVERED TO UPS ACCESS POINT. AWAITING CUSTOMER PICKUP.', at: 'local' },
      return: { message: returnedText, at: 'local' },
      failure: { message: failedText, at: 'accepted' },
    },
  },
  fedex: {
    fixture: fixturePaths.fedexWebhook,
    recorded: { label: 0, accepted: 1, origin_hub: 2, departed: 3, en_route: 4, hub: 5, local: 6 },
    authored: {
      out_for_delivery: { message: 'On FedEx vehicle for delivery', at: BROOKLYN, carrierCode: 'OD' },
      delivered: { message: 'Delivered', at: BROOKLYN, carrierCode: 'DL' },
      attempt: { message: 'Delivery exception', at: BROOKLYN, carrierCode: 'DE' },
      pickup: { message: 'Ready for recipient pickup', at: 'local', carrierCode: 'HP' },
      return: { message: returnedText, at: 'local', carrierCode: 'RS' },
      failure: { message: failedText, at: 'accepted', carrierCode: 'DE' },
    },
  },
  // EasyPost's own test-mode wording, for carriers without a recording of their own.
  generic: {
    fixture: testCodeFixturePath('EZ4000000004', 'delivered'),
    recorded: { info: 0, label: 1, accepted: 2, hub: 3, hub_departed: 4, local: 5, out_for_delivery: 6, delivered: 7 },
    authored: {
      attempt: { message: 'Delivery Attempted - No Access to Delivery Location', at: 'local' },
      pickup: { message: 'Available for Pickup', at: 'local' },
      return: { message: returnedText, at: 'local' },
      failure: { message: failedText, at: 'accepted' },
    },
  },
};

// The trouble EasyPost's official details name, in plain carrier wording, shared by every carrier.
// The status and detail of each come from roles.ts; the error is EasyPost's own recorded answer.
export const troubleScans: Partial<Record<Role, AuthoredScan>> = {
  refused: { message: 'Delivery refused by the recipient. Returning to sender.', at: 'local' },
  address_correction: { message: 'The address is incorrect or incomplete. Contact the carrier to correct it.', at: 'local' },
  held: { message: 'Held at the carrier facility for the recipient. Contact the carrier to arrange delivery.', at: 'local' },
  awaiting_information: { message: 'Awaiting information needed to continue the shipment.', at: 'accepted' },
  lost: { message: 'The carrier cannot locate the package.', at: 'accepted' },
  damaged: { message: 'The package was damaged in transit.', at: 'accepted' },
  delayed: { message: 'Delayed in transit. The package will arrive later than planned.', at: 'accepted' },
  weather_delay: { message: 'Severe weather is delaying deliveries in the area.', at: 'accepted' },
  missorted: { message: 'Missorted. The package is being sent on to the right facility.', at: 'accepted' },
  transit_exception: { message: 'A transit exception is interrupting the package’s journey.', at: 'accepted' },
  cancelled: { message: 'Shipment cancelled by the shipper.', at: NOWHERE },
  expired: { message: 'The label expired before the carrier received the package.', at: NOWHERE },
  error: { message: errorText, at: NOWHERE },
};

// The leg abroad, shared by every carrier: export through an international service centre,
// customs at the destination, then the destination post.
const EXCHANGE = trackingLocation('CHICAGO', 'IL', 'US', '60666');
const CUSTOMS = trackingLocation('HEATHROW', null, 'GB', 'TW6 2SQ');
const DESTINATION = trackingLocation('LONDON', null, 'GB', 'EC1A 1BB');

export const internationalScans: Partial<Record<Role, AuthoredScan>> = {
  export_facility: { message: 'Processed Through Facility', at: EXCHANGE },
  export_departed: { message: 'International Dispatch Ready', at: EXCHANGE },
  arrived_abroad: { message: 'Arrived in Destination Country', at: CUSTOMS },
  customs_in: { message: 'Inbound Into Customs', at: CUSTOMS },
  customs_cleared: { message: 'Customs Clearance Processing Complete', at: CUSTOMS },
  abroad_local: { message: 'Arrived at Delivery Office', at: DESTINATION },
  abroad_out_for_delivery: { message: 'Out for Delivery', at: DESTINATION },
  abroad_delivered: { message: 'Delivered', at: DESTINATION },
};
