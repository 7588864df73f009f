import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabaseKind } from '../support/database.ts';
import { freePort } from '../support/http.ts';
import { startProcess, waitForReady } from '../support/process.ts';
import { waitForStatus } from '../support/fault-load.ts';
import { waitFor } from '../support/wait.ts';

// Writes a file until the disk refuses more, in ever smaller pieces: left is less than a page.
function fill(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

// A full disk under the embedded database: /readyz says so while writes fail, and recovers when space
// is freed. Only as root (it mounts a small tmpfs for DATA_DIR), and only where mounting is allowed.
describe('the service process on a full disk', function () {
  this.timeout(120_000);
  if (testDatabaseKind !== 'embedded' || process.getuid?.() !== 0) return;

  let dir: string;
  let disk: string;
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-disk-'));
    // The server's own user (as root) must pass through to DATA_DIR.
    chmodSync(dir, 0o711);
    disk = path.join(dir, 'data');
    mkdirSync(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=80m,mode=0755', 'tmpfs', disk], { stdio: 'pipe' });
    } catch {
      rmSync(dir, { recursive: true, force: true });
      this.skip();
    }
  });
  after(() => {
    if (!dir) return;
    try {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
    } catch {
      // not mounted (skipped)
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /readyz 503 while the database cannot write, and 200 again once there is space', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = startProcess('all', { PORT: String(port), DATA_DIR: disk });
    try {
      await waitForReady(url, 60_000, proc);
      for (let i = 0; i < 300 && !/Support console:/.test(proc.output()); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      const filler = path.join(disk, 'filler');
      const filledAt = Date.now();
      fill(filler);
      const refusedAt = await waitForStatus(`${url}/readyz`, 503, 30_000);
      const body = (await (await fetch(`${url}/readyz`)).json()) as { error: { message: string } };
      expect(body.error.message).to.match(/refuses writes/);
      expect((await fetch(`${url}/healthz`)).status, 'the process can still work: it is not restarted').to.equal(200);

      rmSync(filler);
      const freedAt = Date.now();
      const readyAt = await waitForStatus(`${url}/readyz`, 200, 30_000);
      console.log(`      full disk: /readyz 503 after ${refusedAt - filledAt} ms; 200 again ${readyAt - freedAt} ms after space was freed`);
      expect(proc.child.exitCode, proc.output().slice(-3000)).to.equal(null);
      // The log line travels through a pipe and may arrive after the answer that followed it.
      await waitFor(async () => /the database accepts writes again/.test(proc.output()), 10_000).catch(() => undefined);
      expect(proc.output()).to.match(/the database refuses writes/).and.match(/the database accepts writes again/);
      proc.child.kill('SIGTERM');
      expect(await proc.exited, proc.output().slice(-3000)).to.equal(0);
    } finally {
      proc.child.kill('SIGKILL');
    }
  });
});
