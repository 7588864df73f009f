import type { Language } from '../../../core/language.ts';
import { da } from './da.ts';
import { en, type PageWords } from './en.ts';
import { fil } from './fil.ts';

export type { PageWords } from './en.ts';

// The one home of what the shopper's pages say (the lookup page, the pages of a not-received case, the
// opt-out page), in each language of core/language.ts. Emails keep their own words in emails/i18n.
export const pageWords: Record<Language, PageWords> = { en, da, fil };

export type CaseWords = PageWords['cases'];

// Fills {name} placeholders; one without a value is left as written, so a gap shows rather than throws.
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
