import { isTimeZone } from '../../core/time/calendar.ts';
import { shopperTime } from '../../core/time/shopper-time.ts';
import type { Messages } from './en.ts';
import { da } from './da.ts';
import { en } from './en.ts';
import { fil } from './fil.ts';
import type { EmailLocale, Language } from '../../core/language.ts';

// Turns message templates into sentences for one shopper: placeholders filled, plurals chosen by the
// language's rules, dates written in the shopper's locale and the destination's time zone (core/time).

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

// Intl constructors cost far more than a format call; a process sees few locales and currencies.
const formatters = new Map<string, Intl.NumberFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
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
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const tag = locale.formatLocale;
  const time = shopperTime(tag, zone);
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
    date: (value) => time.day(value),
    dateTime: (value, options = {}) => (options.withZone ? time.fullMomentWithZone(value) : time.fullMoment(value)),
    money: (amount, currency) =>
      cached(`money|${tag}|${currency}`, () => new Intl.NumberFormat(tag, { style: 'currency', currency })).format(amount),
  };
}
