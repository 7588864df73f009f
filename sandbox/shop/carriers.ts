import type { Market } from './people.ts';

// Carrier names as merchants type them into Shopify's "Shipping carrier" field, with the tracking
// page each one links to. null is a merchant who left the field empty.

const trackingPages: Record<string, (number: string) => string> = {
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  UPS: (n) => `https://www.ups.com/track?loc=en_US&tracknum=${n}`,
  FedEx: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  'DHL Express': (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}&brand=DHL`,
  PostNord: (n) => `https://tracking.postnord.com/dk/?id=${n}`,
  'Canada Post': (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${n}`,
  "Bob's Couriers": (n) => `https://bobs-couriers.example/track?no=${n}`,
};

export const companiesByMarket: Record<Market, (string | null)[]> = {
  US: ['USPS', 'USPS', 'USPS', 'UPS', 'UPS', 'FedEx', 'FedEx', 'Canada Post', null],
  DK: ['PostNord', 'PostNord', 'PostNord', 'DHL Express', 'DHL Express', "Bob's Couriers", null],
  PH: ['DHL Express', 'DHL Express', 'DHL Express', 'FedEx', 'FedEx', null],
};

// The URL Shopify fills in for a known carrier; none for a custom carrier it cannot link to.
export function trackingUrlFor(company: string | null, number: string): string | null {
  const page = company === null ? undefined : trackingPages[company];
  return page ? page(encodeURIComponent(number.trim())) : null;
}

export function trackingUrlsFor(company: string | null, numbers: string[]): string[] {
  return numbers.map((number) => trackingUrlFor(company, number)).filter((url): url is string => url !== null);
}
