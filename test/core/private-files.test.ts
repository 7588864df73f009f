import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnsafeDataError } from '../../core/private-files.ts';
import { resolveSecretKey } from '../../core/secret-key.ts';
import { lockDataDir } from '../../db/embedded/data-dir-lock.ts';

const isRoot = process.getuid?.() === 0;
const nobody = () => Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
const planted = 'k'.repeat(43); // what another account wrote: a key it knows

function secretKey(dir: string): string {
  return resolveSecretKey({ SECRET_KEY: undefined, DATA_DIR: dir });
}

describe('DATA_DIR: files another account could have planted are refused', () => {
  let parent: string;
  let dir: string;
  beforeEach(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'whereabouts-private-'));
    dir = path.join(parent, 'data');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('makes a new DATA_DIR private (0700)', () => {
    secretKey(dir);
    expect(statSync(dir).mode & 0o777).to.equal(0o700);
  });

  it('refuses a secret.key others may write to (mode 0666), and says how to fix it', () => {
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(path.join(dir, 'secret.key'), planted, { mode: 0o666 });
    chmodSync(path.join(dir, 'secret.key'), 0o666);
    expect(() => secretKey(dir)).to.throw(UnsafeDataError, /secret\.key is writable by group or others.*chmod/);
  });

  it('refuses a secret.key that is a symbolic link', () => {
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(path.join(parent, 'elsewhere'), planted);
    symlinkSync(path.join(parent, 'elsewhere'), path.join(dir, 'secret.key'));
    expect(() => secretKey(dir)).to.throw(UnsafeDataError, /symbolic link/);
  });

  it('refuses a DATA_DIR others may write to, for the key and for the lock alike', () => {
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(() => secretKey(dir)).to.throw(UnsafeDataError, /data directory .* is writable by group or others/);
    expect(() => lockDataDir(dir)).to.throw(UnsafeDataError, /chmod 700/);
  });

  describe('as root', function () {
    before(function () {
      if (!isRoot) this.skip();
    });

    it('refuses a secret.key another user owns, even with mode 0600', () => {
      mkdirSync(dir, { mode: 0o700 });
      writeFileSync(path.join(dir, 'secret.key'), planted, { mode: 0o600 });
      chownSync(path.join(dir, 'secret.key'), nobody(), nobody());
      expect(() => secretKey(dir)).to.throw(UnsafeDataError, new RegExp(`owned by uid ${nobody()}.*chown -R`));
    });

    it('refuses a DATA_DIR another user made', () => {
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, nobody(), nobody());
      expect(() => secretKey(dir)).to.throw(UnsafeDataError, /data directory .* is owned by uid/);
      expect(() => lockDataDir(dir)).to.throw(UnsafeDataError);
    });
  });
});
