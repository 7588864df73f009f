import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from '../../../db/embedded/data-dir-lock.ts';

describe('embedded data dir lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder while the first process runs', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      writeFileSync(path.join(dir, 'whereabouts.pid'), String(child.pid));
      expect(() => lockDataDir(dir)).to.throw(DataDirLockedError, new RegExp(`process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(path.join(dir, 'whereabouts.pid'), String(child.pid));
    const unlock = lockDataDir(dir);
    unlock();
    expect(existsSync(path.join(dir, 'whereabouts.pid'))).to.equal(false);
  });

  it('releases the lock so the next process can take it', () => {
    const unlock = lockDataDir(dir);
    unlock();
    lockDataDir(dir)();
  });
});
