import { compareIds } from './paging.ts';

// Shopify's search syntax, as far as the sandbox needs it: space-separated `field:value` terms that must
// all hold, with an optional comparator (`updated_at:>='2026-11-20T10:00:00Z'`) and optionally quoted
// values. Like Shopify, unknown fields and free text filter nothing and come back as warnings.

export type Comparator = '=' | '>' | '>=' | '<' | '<=';

export interface Term {
  field: string;
  comparator: Comparator;
  value: string;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export type FieldMatcher<T> = (item: T, term: Term) => boolean;

const TERM = /^(?:([a-z_]+):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+)))/i;

export function parseSearch(query: string): { terms: Term[]; freeText: string[] } {
  const terms: Term[] = [];
  const freeText: string[] = [];
  let rest = query.trim();
  while (rest.length > 0) {
    const match = TERM.exec(rest);
    if (match) {
      terms.push({ field: match[1].toLowerCase(), comparator: (match[2] as Comparator | undefined) ?? '=', value: match[3] ?? match[4] ?? match[5] });
      rest = rest.slice(match[0].length).trim();
    } else {
      const word = /^\S+/.exec(rest)?.[0] ?? rest;
      if (word !== 'AND') freeText.push(word);
      rest = rest.slice(word.length).trim();
    }
  }
  return { terms, freeText };
}

// The items every known term accepts, and a warning for each term the sandbox does not know.
export function applySearch<T>(items: readonly T[], query: string | null | undefined, fields: Record<string, FieldMatcher<T>>) {
  if (!query) return { items: [...items], warnings: [] as SearchWarning[] };
  const { terms, freeText } = parseSearch(query);
  const known = terms.filter((term) => fields[term.field]);
  const warnings: SearchWarning[] = [
    ...terms.filter((term) => !fields[term.field]).map((term) => ({ field: term.field, message: 'Invalid search field for this query.' })),
    ...freeText.map((word) => ({ field: 'default', message: `Free-text search is not supported by the sandbox shop: ${word}` })),
  ];
  return { items: items.filter((item) => known.every((term) => fields[term.field](item, term))), warnings };
}

// A date-time term against an instant. A bare date means midnight UTC, and equality means that whole day.
export function matchesInstant(instant: string | null, term: Term): boolean {
  if (instant === null) return false;
  const ms = Date.parse(instant);
  const bound = Date.parse(term.value);
  if (Number.isNaN(bound)) return false;
  if (term.comparator === '=' && /^\d{4}-\d{2}-\d{2}$/.test(term.value)) return ms >= bound && ms < bound + 86_400_000;
  return compareWith(term.comparator, ms - bound);
}

export function matchesId(id: string, term: Term): boolean {
  const digits = /(\d+)$/.exec(term.value)?.[1];
  return digits !== undefined && compareWith(term.comparator, compareIds(id, digits));
}

function compareWith(comparator: Comparator, difference: number): boolean {
  switch (comparator) {
    case '=':
      return difference === 0;
    case '>':
      return difference > 0;
    case '>=':
      return difference >= 0;
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
  }
}
