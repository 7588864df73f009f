import { expect } from 'chai';
import { languages } from '../../../../core/language.ts';
import { pageWords } from '../../../../server/views/words/page-words.ts';

// The type already refuses a translation without one of the English keys; this also catches an empty
// string, and a placeholder the page fills in English but a translation lost or renamed.

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) => (value !== null && typeof value === 'object' ? Object.entries(flatten(value, `${prefix}${key}.`)) : [[`${prefix}${key}`, value]])),
  );
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

describe('the words of the shopper pages', () => {
  const english = flatten(pageWords.en);

  for (const language of languages) {
    const words = flatten(pageWords[language]);

    it(`has every key of the English pages in ${language}, each a sentence`, () => {
      expect(Object.keys(words).sort()).to.deep.equal(Object.keys(english).sort());
      for (const [key, text] of Object.entries(words)) {
        expect(text, key).to.be.a('string');
        expect((text as string).trim(), key).to.not.equal('');
      }
    });

    it(`fills the same placeholders in ${language} as in English`, () => {
      for (const [key, text] of Object.entries(words)) expect(placeholders(text as string), key).to.deep.equal(placeholders(english[key] as string));
    });
  }

  it('names as many progress steps in every language', () => {
    for (const language of languages) expect(pageWords[language].lookup.stages.split('|'), language).to.have.length(5);
  });
});
