import type { Messages } from './en.ts';
import { da } from './da.ts';
import { en } from './en.ts';
import { fil } from './fil.ts';
import type { EmailLocale, Language } from './locale.ts';

// Turns message templates into sentences for one shopper: placeholders filled, plurals chosen by the
// language's rules, dates written in the shopper's locale and the destination's time zone.

export interface PluralForms {
  one: string;
  other: string;
}

export type Vars = Record<string, string | number>;

export interface Translator {
  language: Language;
  locale: string;
  timeZone: string;
  messages: Messages;
  text(template: string, vars?: Vars): string;
  plural(forms: PluralForms, count: number, vars?: Vars): string;
  date(value: Date): string;
  dateTime(value: Date, options?: { withZone?: boolean }): string;
  money(amount: number, currency: string): string;
}

const messagesByLanguage: Record<Language, Messages> = { en, da, fil };

// The styles let each locale write a date its own way ("kl. 00.30", "at 12:30 AM"); a time zone name
// cannot be combined with them, so the zoned variant (for support staff) spells out its parts.
const styles: Record<'date' | 'dateTime' | 'zoned', Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'full' },
  dateTime: { dateStyle: 'full', timeStyle: 'short' },
  zoned: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
};

// Intl constructors cost far more than a format call; a process sees few locale × zone pairs.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    cached(`zone|${timeZone}`, () => new Intl.DateTimeFormat('en', { timeZone }));
    return true;
  } catch {
    return false;
  }
}

export function interpolate(template: string, vars: Vars = {}): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`Message placeholder {${name}} has no value in "${template}"`);
    return String(vars[name]);
  });
  // A sentence may open with the carrier ("{carrier} tried…"), whose name falls back to a common noun
  // ("the carrier", "fragtfirmaet") that must then be capitalised.
  return template.startsWith('{carrier}') ? filled.charAt(0).toUpperCase() + filled.slice(1) : filled;
}

export function createTranslator(locale: EmailLocale, timeZone: string): Translator {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const tag = locale.formatLocale;
  const dateFormat = (style: keyof typeof styles) =>
    cached(`date|${tag}|${zone}|${style}`, () => new Intl.DateTimeFormat(tag, { ...styles[style], timeZone: zone }));
  const numbers = cached(`number|${tag}`, () => new Intl.NumberFormat(tag));
  const pluralRules = cached(`plural|${tag}`, () => new Intl.PluralRules(tag));

  return {
    language: locale.language,
    locale: tag,
    timeZone: zone,
    messages: messagesByLanguage[locale.language],
    text: interpolate,
    plural(forms, count, vars = {}) {
      const form = pluralRules.select(count) === 'one' ? forms.one : forms.other;
      return interpolate(form, { ...vars, count: numbers.format(count) });
    },
    date: (value) => dateFormat('date').format(value),
    dateTime: (value, options = {}) => dateFormat(options.withZone ? 'zoned' : 'dateTime').format(value),
    money: (amount, currency) =>
      cached(`money|${tag}|${currency}`, () => new Intl.NumberFormat(tag, { style: 'currency', currency })).format(amount),
  };
}
