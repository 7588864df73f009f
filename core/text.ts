// Text helpers every process shares: what may be stored, and what may become a link.

// PostgreSQL text cannot hold U+0000, and no person means one. In a form's free text it is dropped
// (nothing else of what was typed is lost); in an address or query string it is refused with a 400.

// A walk with its own stack, not recursion: a body nested thousands deep (JSON from a webhook, a form)
// must not overflow the call stack. Strings lose their NULs; everything else is copied as it is.
export function withoutNul<T>(value: T): T {
  const copy = (item: unknown): unknown => {
    if (typeof item === 'string') return item.replaceAll('\u0000', '');
    if (Array.isArray(item)) return new Array(item.length);
    if (item && typeof item === 'object') return {};
    return item;
  };
  const root = copy(value);
  const pending: Array<[from: object, to: Record<string, unknown>]> = root !== value && root && typeof root === 'object' ? [[value as object, root as Record<string, unknown>]] : [];
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    for (const [key, item] of Object.entries(from)) {
      const copied = copy(item);
      Object.defineProperty(to, key, { value: copied, enumerable: true, writable: true, configurable: true });
      if (copied && typeof copied === 'object') pending.push([item as object, copied as Record<string, unknown>]);
    }
  }
  return root as T;
}

// How deeply arrays and objects nest in a parsed body, counted with a stack of its own; stops
// counting past `limit`, so a hostile body costs no more than the walk to that depth.
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[item: unknown, depth: number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) if (child && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
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
