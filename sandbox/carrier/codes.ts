// Tracking-code rules shared by the API and the scenario helpers: which codes are
// acceptable, which are EasyPost's fixed test codes, and which carrier a code belongs to.

const ACCEPTABLE_CODE = /^[A-Za-z0-9]{6,40}$/;

// Codes with this prefix always answer 422, so callers can exercise their invalid-code path.
export const INVALID_CODE_PREFIX = 'SBINV';

// EasyPost test mode answers these with a fixed status, whatever the clock says.
export const testCodes = [
  'EZ1000000001',
  'EZ2000000002',
  'EZ3000000003',
  'EZ4000000004',
  'EZ5000000005',
  'EZ6000000006',
  'EZ7000000007',
] as const;
export type TestCode = (typeof testCodes)[number];

export function isTestCode(code: string): code is TestCode {
  return (testCodes as readonly string[]).includes(code);
}

// The reason a code is refused, or undefined when it is acceptable.
export function trackingCodeProblem(code: unknown): string | undefined {
  if (typeof code !== 'string' || code.length === 0) return 'tracking_code is required.';
  if (!ACCEPTABLE_CODE.test(code)) return `Tracking code ${JSON.stringify(code)} is invalid: use 6 to 40 letters and digits.`;
  if (code.toUpperCase().startsWith(INVALID_CODE_PREFIX)) return `Tracking code ${code} is invalid.`;
  return undefined;
}

const canonicalCarriers = ['USPS', 'UPS', 'FedEx', 'DHLExpress', 'CanadaPost', 'RoyalMail', 'PostNL', 'AustraliaPost'];
const carrierByKey = new Map(canonicalCarriers.map((name) => [carrierKey(name), name]));
carrierByKey.set('dhl', 'DHLExpress');

function carrierKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// EasyPost's spelling for a carrier name given in any case; unknown carriers pass through as given.
export function canonicalCarrier(name: string): string {
  return carrierByKey.get(carrierKey(name)) ?? name.trim();
}

// The carrier a code's format points to, for creates that do not name one.
export function detectCarrier(code: string): string {
  const upper = code.toUpperCase();
  if (/^1Z[0-9A-Z]{16}$/.test(upper)) return 'UPS';
  if (/^9[2-5]\d{18,20}$/.test(upper) || /^[A-Z]{2}\d{9}US$/.test(upper)) return 'USPS';
  if (/^(\d{12}|\d{15})$/.test(upper)) return 'FedEx';
  return 'USPS';
}

// A different real carrier, for the recycled-code scenario.
export function otherCarrier(carrier: string): string {
  return carrier === 'USPS' ? 'UPS' : 'USPS';
}
