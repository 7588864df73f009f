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
