import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveSecretKey } from '../../core/secret-key.ts';

describe('secret key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses SECRET_KEY when it is set', () => {
    expect(resolveSecretKey({ SECRET_KEY: 's'.repeat(40), DATA_DIR: dir })).to.equal('s'.repeat(40));
  });

  it('generates a key once, keeps it private in DATA_DIR, and returns the same key afterwards', () => {
    const first = resolveSecretKey({ SECRET_KEY: undefined, DATA_DIR: dir });
    expect(first).to.have.length.of.at.least(32);
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o077).to.equal(0);
    expect(resolveSecretKey({ SECRET_KEY: undefined, DATA_DIR: dir })).to.equal(first);
  });
});
