import type { Place } from '../../db/schema.ts';

// Places as EasyPost's carrier_detail writes them when it has no structured *_tracking_location.
// Three shapes are recorded:
//   USPS   "CHARLESTON SC, 29401"        city, state, ZIP
//   FedEx  "BROOKLYN HGTS NY US"         city, state, country
//   UPS    "SAN FRANCISCO CA US, 94105"  city, state, country, postal code
// and "SOUTH SAN FRANCISCO CA, US" (UPS's origin_location): city, state, country. A line that fits
// none of them is kept whole as the city, never cut into wrong parts.

const CODE = /^[A-Z]{2}$/;
// A postal code has a digit (29401, 94105-1234, EC1A 1BB); a country code does not.
const POSTAL = /\d/;

export function placeFromText(value: string | null): Place | null {
  const line = value?.replace(/\s+/g, ' ').trim();
  if (!line) return null;
  const comma = line.lastIndexOf(',');
  const head = (comma >= 0 ? line.slice(0, comma) : line).trim();
  const tail = comma >= 0 ? line.slice(comma + 1).trim() : '';
  const place: Place = { city: null, state: null, country: null, zip: null };
  if (tail) {
    if (POSTAL.test(tail)) place.zip = tail;
    else if (CODE.test(tail)) place.country = tail;
    else return { ...place, city: line };
  }
  const words = head.split(' ');
  // "… NY US": a state then a country, when no country came after the comma.
  if (!place.country && words.length >= 3 && CODE.test(words.at(-1)!) && CODE.test(words.at(-2)!)) {
    place.country = words.pop()!;
    place.state = words.pop()!;
  } else if (words.length >= 2 && CODE.test(words.at(-1)!)) {
    place.state = words.pop()!;
  }
  place.city = words.join(' ') || null;
  return Object.values(place).some((v) => v !== null) ? place : null;
}

// The structured location wins whenever EasyPost gives one; the text line only fills a field it
// leaves empty (UPS sends the city without the postal code), and only for the same city.
export function preferStructured(structured: Place | null, fromText: Place | null): Place | null {
  if (!structured) return fromText;
  if (!fromText || !structured.city || structured.city.toUpperCase() !== fromText.city?.toUpperCase()) return structured;
  return {
    city: structured.city,
    state: structured.state ?? fromText.state,
    country: structured.country ?? fromText.country,
    zip: structured.zip ?? fromText.zip,
  };
}
