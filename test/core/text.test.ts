import { expect } from 'chai';
import { nestsDeeperThan, withoutNul } from '../../core/text.ts';

describe('text from outside', () => {
  const deep = (depth: number) => JSON.parse('['.repeat(depth) + '"a\\u0000"' + ']'.repeat(depth)) as unknown;

  it('drops NUL characters at every level, leaving other values as they are', () => {
    expect(withoutNul({ a: ['x\u0000y', 1, null, true, { b: 'c\u0000' }] })).to.deep.equal({ a: ['xy', 1, null, true, { b: 'c' }] });
    expect(withoutNul('a\u0000b')).to.equal('ab');
    expect(withoutNul(null)).to.equal(null);
  });

  it('walks a body nested 100,000 deep without overflowing the stack', () => {
    let item = withoutNul(deep(100_000));
    let depth = 0;
    while (Array.isArray(item)) [item, depth] = [item[0], depth + 1];
    expect([item, depth]).to.deep.equal(['a', 100_000]);
  });

  it('keeps a "__proto__" key as data, never as the copy’s prototype', () => {
    const copy = withoutNul(JSON.parse('{"__proto__": {"admin": true}}') as object);
    expect(Object.keys(copy)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
  });

  it('tells a body nested deeper than a limit', () => {
    expect(nestsDeeperThan(deep(100_000), 32)).to.equal(true);
    expect(nestsDeeperThan({ a: [[1]] }, 3)).to.equal(false);
    expect(nestsDeeperThan({ a: [[1]] }, 2)).to.equal(true);
    expect(nestsDeeperThan('text', 0)).to.equal(false);
  });
});
