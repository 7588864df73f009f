// The time zone a parcel's destination lives in, so "delivered at 00:30 on Monday" is the shopper's
// Monday. Countries spanning several zones are resolved by state or province to the zone most of its
// people use (a county on the other side of a zone line gets the state's main zone); anything unknown
// falls back to UTC rather than guessing.

const byCountry: Record<string, string> = {
  DK: 'Europe/Copenhagen',
  FO: 'Atlantic/Faroe',
  GL: 'America/Nuuk',
  PH: 'Asia/Manila',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  PL: 'Europe/Warsaw',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki',
  IS: 'Atlantic/Reykjavik',
  NZ: 'Pacific/Auckland',
  SG: 'Asia/Singapore',
  JP: 'Asia/Tokyo',
  // Multi-zone countries: the zone used when the province is missing or unknown.
  US: 'America/New_York',
  CA: 'America/Toronto',
  AU: 'Australia/Sydney',
};

const usZones: Record<string, string[]> = {
  'America/New_York': ['CT', 'DE', 'DC', 'FL', 'GA', 'IN', 'KY', 'ME', 'MD', 'MA', 'MI', 'NH', 'NJ', 'NY', 'NC', 'OH', 'PA', 'RI', 'SC', 'VT', 'VA', 'WV'],
  'America/Chicago': ['AL', 'AR', 'IL', 'IA', 'KS', 'LA', 'MN', 'MS', 'MO', 'NE', 'ND', 'OK', 'SD', 'TN', 'TX', 'WI'],
  'America/Denver': ['CO', 'ID', 'MT', 'NM', 'UT', 'WY'],
  // Arizona keeps standard time all year.
  'America/Phoenix': ['AZ'],
  'America/Los_Angeles': ['CA', 'NV', 'OR', 'WA'],
  'America/Anchorage': ['AK'],
  'Pacific/Honolulu': ['HI'],
  'America/Puerto_Rico': ['PR', 'VI'],
  'Pacific/Guam': ['GU', 'MP'],
  'Pacific/Pago_Pago': ['AS'],
};

const caZones: Record<string, string[]> = {
  'America/St_Johns': ['NL'],
  'America/Halifax': ['NS', 'PE'],
  'America/Moncton': ['NB'],
  'America/Toronto': ['ON', 'QC'],
  'America/Winnipeg': ['MB'],
  // Saskatchewan keeps Central Standard Time all year.
  'America/Regina': ['SK'],
  'America/Edmonton': ['AB', 'NT'],
  'America/Vancouver': ['BC'],
  'America/Whitehorse': ['YT'],
  'America/Iqaluit': ['NU'],
};

const auZones: Record<string, string[]> = {
  'Australia/Sydney': ['NSW', 'ACT'],
  'Australia/Melbourne': ['VIC'],
  // Queensland has no daylight saving, unlike its southern neighbours.
  'Australia/Brisbane': ['QLD'],
  'Australia/Adelaide': ['SA'],
  'Australia/Darwin': ['NT'],
  'Australia/Perth': ['WA'],
  'Australia/Hobart': ['TAS'],
};

function invert(zones: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(zones).flatMap(([zone, codes]) => codes.map((code) => [code, zone])));
}

const byProvince: Record<string, Record<string, string>> = {
  US: invert(usZones),
  CA: invert(caZones),
  AU: invert(auZones),
};

// countryCode: ISO 3166-1 alpha-2 ('DK'); provinceCode: Shopify's province_code ('CA', 'QLD'), with or
// without the country prefix ('US-CA').
export function timeZoneFor(countryCode: string | null | undefined, provinceCode?: string | null): string {
  const country = countryCode?.trim().toUpperCase() ?? '';
  const given = provinceCode?.trim().toUpperCase() ?? '';
  const province = given.startsWith(`${country}-`) ? given.slice(country.length + 1) : given;
  return byProvince[country]?.[province] ?? byCountry[country] ?? 'UTC';
}

// The zone of a shipping address as Shopify gives it (countryCodeV2, provinceCode).
export function destinationTimeZone(address: { countryCodeV2?: string | null; provinceCode?: string | null } | null | undefined): string {
  return timeZoneFor(address?.countryCodeV2, address?.provinceCode);
}
