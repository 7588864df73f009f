import { languageNames, languages, type Language } from '../../core/language.ts';

// The language links at the top of every shopper page: each keeps the page's own query, with its
// language in place of the current one.
export function languageSwitch(path: string, query: Record<string, string>, current: Language) {
  return languages.map((code) => ({
    code,
    label: languageNames[code].own,
    current: code === current,
    href: `${path}?${new URLSearchParams({ ...query, lang: code })}`,
  }));
}
