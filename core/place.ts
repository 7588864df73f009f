import { withoutNul } from './text.ts';

// A place as a carrier records it (a scan's location, a parcel's destination), written for people:
// "Aarhus, DK", or with the postal code for support and the bank, "Portland, OR 97201, US". Carriers
// send empty, padded and repeated parts ("SINGAPORE, SINGAPORE"): each part is trimmed, an empty one
// skipped, one already written (in any case) left out, and the text is null when nothing is left.

export interface PlaceParts {
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
}

const clean = (part: string | null | undefined) => withoutNul(part ?? '').replace(/\s+/g, ' ').trim();

// Shoppers read city, state and country; `postalCode` adds the postal code after the state, as an
// address line writes it, for support's case and shipment pages and the evidence sent to Shopify.
export function placeText(place: PlaceParts | null | undefined, options: { postalCode?: boolean } = {}): string | null {
  if (!place) return null;
  const region = options.postalCode ? [clean(place.state), clean(place.zip)].filter(Boolean).join(' ') : clean(place.state);
  const parts: string[] = [];
  for (const part of [clean(place.city), region, clean(place.country)]) {
    if (part && !parts.some((written) => written.toLowerCase() === part.toLowerCase())) parts.push(part);
  }
  return parts.length ? parts.join(', ') : null;
}
