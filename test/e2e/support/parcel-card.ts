import type { Locator } from 'playwright-core';

export interface ParcelCard {
  headline: string;
  nextStep: string;
  facts: Record<string, string>;
  timeline: string[];
}

// What a person reads on one parcel's card: its headline, the sentence under it, the facts
// (term → value) and the timeline entries, newest first.
export async function readParcel(card: Locator): Promise<ParcelCard> {
  const terms = await card.locator('dl dt').allInnerTexts();
  const values = await card.locator('dl dd').allInnerTexts();
  return {
    headline: (await card.getByRole('heading', { level: 2 }).innerText()).trim(),
    nextStep: (await card.locator('h2 + p').innerText()).trim(),
    facts: Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()])),
    timeline: (await card.locator('ol.timeline > li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()),
  };
}
