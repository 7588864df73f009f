// Which of our languages a shopper gets, from the locale Shopify stored on the order ('da-DK', 'fil',
// 'en-US', sometimes null). Dates and numbers keep the shopper's regional variant ('en-GB' writes the
// day first) as long as it belongs to the language the email is written in.

// The one list of languages the service speaks, in emails and on the shopper's pages.
export const languages = ['en', 'da', 'fil'] as const;
export type Language = (typeof languages)[number];

// Each language by its own name (the pages' language switch) and in English (the operator's console).
export const languageNames: Record<Language, { own: string; english: string }> = {
  en: { own: 'English', english: 'English' },
  da: { own: 'Dansk', english: 'Danish' },
  fil: { own: 'Filipino', english: 'Filipino' },
};

export interface EmailLocale {
  language: Language;
  // BCP 47 tag given to Intl for dates, numbers and plural rules.
  formatLocale: string;
}

// Tagalog ('tl') is the language Filipino is standardised from; Shopify and browsers use both codes.
const languageByBase: Record<string, Language> = { en: 'en', da: 'da', fil: 'fil', tl: 'fil' };

// Every tag a browser may send for one of our languages, for Accept-Language negotiation.
export const languageTags = Object.keys(languageByBase);

// The language a tag names ('da-DK', 'fil', 'tl', 'EN_us'), or undefined when it is none of ours.
export function languageOf(tag: string | null | undefined): Language | undefined {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(languageByBase, base) ? languageByBase[base] : undefined;
}

function parse(tag: string): Intl.Locale | undefined {
  try {
    return new Intl.Locale(tag.trim().replace(/_/g, '-'));
  } catch {
    return undefined;
  }
}

// Only the region is kept from the shopper's tag: extensions such as '-u-ca-buddhist' would change the
// calendar under the shopper's feet.
export function resolveLocale(shopifyLocale: string | null | undefined): EmailLocale {
  const parsed = shopifyLocale ? parse(shopifyLocale) : undefined;
  const language = parsed ? languageByBase[parsed.language] : undefined;
  if (!language) return { language: 'en', formatLocale: 'en' };
  return { language, formatLocale: parsed?.region ? `${language}-${parsed.region}` : language };
}

export function languageFor(shopifyLocale: string | null | undefined): Language {
  return resolveLocale(shopifyLocale).language;
}

// What a shopper asked for: ?lang= (asked) and the browser's best match among ours (accepted).
export interface LanguageWish {
  asked?: string;
  accepted?: Language;
}

// The shopper's language: ?lang=, then the browser's, then the order's own locale, then English. A page
// opened from an email's link (`preferOrder`) speaks the email's language before the browser's.
export function chooseLanguage(wish: LanguageWish, orderLocale?: string | null, preferOrder = false): Language {
  const fromOrder = languageOf(orderLocale);
  return languageOf(wish.asked) ?? (preferOrder ? (fromOrder ?? wish.accepted) : (wish.accepted ?? fromOrder)) ?? 'en';
}

export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
