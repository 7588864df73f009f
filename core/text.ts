// Text helpers every process shares: what may be stored, and what may become a link.

// PostgreSQL text cannot hold U+0000, and no person means one. In a form's free text it is dropped
// (nothing else of what was typed is lost); in an address or query string it is refused with a 400.

export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}

// Links from carriers and Shopify (a parcel's tracking page) are data we did not write: only an
// absolute http(s) URL becomes a link, in its parsed form, so a "javascript:" or "data:" URL is never
// shown, returned or mailed. Every place that shows or returns such a link goes through here.
export function httpLink(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' ? parsed.href : null;
}

// A parcel's tracking page: the carrier's public page, else the one Shopify holds.
export function parcelTrackingLink(parcel: { public_url?: string | null; tracking_url?: string | null }): string | null {
  return httpLink(parcel.public_url) ?? httpLink(parcel.tracking_url);
}
