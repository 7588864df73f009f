import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { freePort } from '../support/http.ts';
import { startProcess, waitForReady } from '../support/process.ts';

describe('the service process', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-proc-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits non-zero naming PORT when PORT is invalid, without opening a database', async () => {
    const dir = path.join(dataDir, 'never-created');
    const proc = startProcess('all', { PORT: 'abc', DATA_DIR: dir });
    expect(await proc.exited).to.not.equal(0);
    expect(proc.output()).to.match(/PORT: /).and.not.match(/abc/);
    expect(existsSync(dir)).to.equal(false);
  });

  if (testDatabaseKind === 'embedded') {
    it('starts on the embedded database, refuses a second process on the same data dir, and stops on SIGTERM', async () => {
      const port = await freePort();
      const first = startProcess('all', { PORT: String(port), DATA_DIR: dataDir });
      try {
        // How fast is for bench:start to say; here only that it gets ready, even on a loaded machine.
        await waitForReady(`http://127.0.0.1:${port}`, 60_000, first);

        const second = startProcess('all', { PORT: String(await freePort()), DATA_DIR: dataDir });
        expect(await second.exited).to.not.equal(0);
        expect(second.output()).to.match(/already in use by process \d+/);

        first.child.kill('SIGTERM');
        expect(await first.exited).to.equal(0);
        expect(first.output()).to.match(/database closed/);
        expect(existsSync(path.join(dataDir, 'whereabouts.pid'))).to.equal(false);
        expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'the embedded server has stopped').to.equal(false);
      } finally {
        first.child.kill('SIGKILL');
      }
    });

    it('refuses to run web or worker alone on the embedded database', async () => {
      const proc = startProcess('web', { DATA_DIR: dataDir });
      expect(await proc.exited).to.not.equal(0);
      expect(proc.output()).to.match(/needs DATABASE_URL/);
    });
  }

  if (testDatabaseKind === 'postgres') {
    it('runs separate web and worker processes on PostgreSQL and stops both on SIGTERM', async () => {
      const database = await createTestDatabase();
      if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
      const port = await freePort();
      const env = { DATABASE_URL: database.connectionString, DATA_DIR: dataDir };
      const web = startProcess('web', { ...env, PORT: String(port) });
      const worker = startProcess('worker', env);
      const worker2 = startProcess('worker', env);
      try {
        await waitForReady(`http://127.0.0.1:${port}`, 60_000, web);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(worker.child.exitCode).to.equal(null);
        expect(worker2.child.exitCode).to.equal(null);
        for (const p of [web, worker, worker2]) p.child.kill('SIGTERM');
        expect(await Promise.all([web.exited, worker.exited, worker2.exited])).to.deep.equal([0, 0, 0]);
      } finally {
        for (const p of [web, worker, worker2]) p.child.kill('SIGKILL');
        await database.close();
      }
    });
  }
});
