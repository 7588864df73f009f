import { expect } from 'chai';
import { da } from '../../emails/i18n/da.ts';
import { en } from '../../emails/i18n/en.ts';
import { fil } from '../../emails/i18n/fil.ts';
import { languageFor, resolveLocale } from '../../core/language.ts';
import { createTranslator, interpolate } from '../../emails/i18n/translator.ts';
import { timeZoneFor } from '../../core/time/destination-zone.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
}

const english = flatten(en);
const translations = { da: flatten(da), fil: flatten(fil) };

describe('email messages', () => {
  for (const [language, messages] of Object.entries(translations)) {
    it(`has exactly the English keys in ${language}`, () => {
      expect(Object.keys(messages).sort()).to.deep.equal(Object.keys(english).sort());
    });

    it(`fills the same placeholders in ${language} as in English`, () => {
      for (const [key, message] of Object.entries(messages)) {
        expect(message.trim(), key).to.not.equal('');
        // A singular may say "one day" instead of {count}; every other form names the same values.
        const expected = placeholders(english[key]).filter((name) => !(key.endsWith('.one') && name === 'count'));
        const actual = placeholders(message).filter((name) => !(key.endsWith('.one') && name === 'count'));
        expect(actual, key).to.deep.equal(expected);
      }
    });
  }

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => interpolate('Order {order}', {})).to.throw(/\{order\}/);
  });

  it('does not re-read placeholders inside values', () => {
    expect(interpolate('{a} and {b}', { a: '{b}', b: 'x' })).to.equal('{b} and x');
  });
});

describe('shopper locale', () => {
  const cases: [string | null | undefined, string, string][] = [
    ['da', 'da', 'da'],
    ['da-DK', 'da', 'da-DK'],
    ['da_DK', 'da', 'da-DK'],
    ['fil', 'fil', 'fil'],
    ['fil-PH', 'fil', 'fil-PH'],
    ['tl', 'fil', 'fil'],
    ['en-US', 'en', 'en-US'],
    ['en-GB', 'en', 'en-GB'],
    ['en-US-u-ca-buddhist', 'en', 'en-US'],
    ['DA-dk', 'da', 'da-DK'],
    ['xx', 'en', 'en'],
    ['de-DE', 'en', 'en'],
    ['not a locale!', 'en', 'en'],
    ['', 'en', 'en'],
    [null, 'en', 'en'],
    [undefined, 'en', 'en'],
  ];
  for (const [given, language, formatLocale] of cases) {
    it(`reads ${JSON.stringify(given)} as ${language} (${formatLocale})`, () => {
      expect(resolveLocale(given)).to.deep.equal({ language, formatLocale });
      expect(languageFor(given)).to.equal(language);
    });
  }
});

describe('translator', () => {
  const lateNight = new Date('2026-11-22T23:30:00Z');

  it('writes a date on the calendar day of the given time zone', () => {
    expect(createTranslator(resolveLocale('en'), 'Europe/Copenhagen').date(lateNight)).to.equal('Monday, November 23, 2026');
    expect(createTranslator(resolveLocale('en'), 'UTC').date(lateNight)).to.equal('Sunday, November 22, 2026');
    expect(createTranslator(resolveLocale('da'), 'Europe/Copenhagen').date(lateNight)).to.equal('mandag den 23. november 2026');
    expect(createTranslator(resolveLocale('fil'), 'Asia/Manila').date(lateNight)).to.equal('Lunes, Nobyembre 23, 2026');
  });

  it('falls back to UTC for an unknown time zone', () => {
    const t = createTranslator(resolveLocale('en'), 'Mars/Olympus_Mons');
    expect(t.timeZone).to.equal('UTC');
    expect(t.date(lateNight)).to.equal('Sunday, November 22, 2026');
  });

  it('chooses plural forms by the language’s rules', () => {
    const en = createTranslator(resolveLocale('en'), 'UTC');
    expect(en.plural(en.messages.delayed.allowDays, 1)).to.equal('Please allow one more day for it to arrive.');
    expect(en.plural(en.messages.delayed.allowDays, 3)).to.equal('Please allow a few more days (up to 3) for it to arrive.');
    const da = createTranslator(resolveLocale('da'), 'UTC');
    expect(da.plural(da.messages.dispute_received.hearBack, 1)).to.equal('Du hører fra os inden for én hverdag.');
    expect(da.plural(da.messages.dispute_received.hearBack, 2)).to.equal('Du hører fra os inden for 2 hverdage.');
    // Filipino's "one" category also holds 2 and 3, so the number must still be said.
    const fil = createTranslator(resolveLocale('fil'), 'UTC');
    expect(fil.plural(fil.messages.dispute_received.hearBack, 2)).to.include('2 araw');
    expect(fil.plural(fil.messages.dispute_received.hearBack, 4)).to.include('4 araw');
  });

  it('formats money in the shopper’s locale', () => {
    expect(createTranslator(resolveLocale('da-DK'), 'UTC').money(249.5, 'DKK')).to.equal('249,50\u00a0kr.');
    expect(createTranslator(resolveLocale('fil'), 'UTC').money(1200, 'PHP')).to.equal('₱1,200.00');
  });
});

describe('timeZoneFor', () => {
  const cases: [string | null, string | null, string][] = [
    ['DK', null, 'Europe/Copenhagen'],
    ['dk', null, 'Europe/Copenhagen'],
    ['PH', 'MNL', 'Asia/Manila'],
    ['GB', null, 'Europe/London'],
    ['NL', null, 'Europe/Amsterdam'],
    ['DE', null, 'Europe/Berlin'],
    ['SE', null, 'Europe/Stockholm'],
    ['NO', null, 'Europe/Oslo'],
    ['FI', null, 'Europe/Helsinki'],
    ['US', 'NY', 'America/New_York'],
    ['US', 'TX', 'America/Chicago'],
    ['US', 'CO', 'America/Denver'],
    ['US', 'AZ', 'America/Phoenix'],
    ['US', 'CA', 'America/Los_Angeles'],
    ['US', 'US-WA', 'America/Los_Angeles'],
    ['US', 'AK', 'America/Anchorage'],
    ['US', 'HI', 'Pacific/Honolulu'],
    ['US', null, 'America/New_York'],
    ['CA', 'BC', 'America/Vancouver'],
    ['CA', 'AB', 'America/Edmonton'],
    ['CA', 'SK', 'America/Regina'],
    ['CA', 'QC', 'America/Toronto'],
    ['CA', 'NL', 'America/St_Johns'],
    ['AU', 'NSW', 'Australia/Sydney'],
    ['AU', 'QLD', 'Australia/Brisbane'],
    ['AU', 'WA', 'Australia/Perth'],
    ['AU', 'SA', 'Australia/Adelaide'],
    ['ZZ', null, 'UTC'],
    [null, null, 'UTC'],
  ];
  for (const [country, province, zone] of cases) {
    it(`places ${country ?? 'nothing'}${province ? `/${province}` : ''} in ${zone}`, () => {
      expect(timeZoneFor(country, province)).to.equal(zone);
    });
  }

  it('names only zones that Intl knows', () => {
    for (const [country, province] of cases) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: timeZoneFor(country, province) })).to.not.throw();
    }
  });
});
