import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseKind } from '../support/database.ts';
import { freePort } from '../support/http.ts';
import { startProcess, waitForReady } from '../support/process.ts';
import { lookupLoad, postmasterOf, waitForStatus } from '../support/fault-load.ts';

// The process survives its database: the embedded server killed with SIGKILL under load is started
// again by the process, which never crashes, and answers again within seconds, with nothing committed
// lost.
describe('the service process when its embedded database dies', function () {
  this.timeout(120_000);
  if (testDatabaseKind !== 'embedded' || !existsSync('/proc/self/task')) return;

  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-fault-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(path.join(dataDir, 'postgres'))}` });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };

  it('restarts the server after kill -9, keeps running, and answers again within seconds', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), DATA_DIR: dataDir, LOOKUP_RATE_PER_IP: '1000000', LOOKUP_RATE_PER_ORDER: '1000000' };
    const proc = startProcess('all', env);
    let load: ReturnType<typeof lookupLoad> | undefined;
    try {
      await waitForReady(url, 60_000, proc);
      // Started to the end (the jobs thread, the demo's welcome): the fault is the running service's.
      for (let i = 0; i < 300 && !/Support console:/.test(proc.output()); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      await query('create table fault_marker (id int primary key)');
      const [order] = await query('select name, email from orders where email is not null order by id limit 1');
      load = lookupLoad(url, order?.name ?? '#0', order?.email ?? 'nobody@example.com');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Committed just before the kill: it must be there after.
      await query('insert into fault_marker values (1)');
      const postmaster = postmasterOf(proc.child.pid!);
      expect(postmaster, 'the postmaster').to.be.a('number');
      const killedAt = Date.now();
      process.kill(postmaster!, 'SIGKILL');

      const readyAt = await waitForStatus(`${url}/readyz`, 200, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${proc.output().slice(-3000)}`);
      });
      let lookupAt: number | undefined;
      for (let i = 0; i < 100 && !lookupAt; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        lookupAt = load.firstSuccessAfter(readyAt - 1);
      }
      await load.stop();
      console.log(`      recovered: /readyz 200 after ${readyAt - killedAt} ms, a lookup after ${(lookupAt ?? NaN) - killedAt} ms`);
      expect(proc.child.exitCode, proc.output().slice(-3000)).to.equal(null);
      expect(lookupAt, 'a lookup answered again').to.be.a('number');
      expect((await fetch(`${url}/healthz`)).status, 'a restart within the grace: the process stays live').to.equal(200);
      expect(readyAt - killedAt).to.be.below(20_000);
      expect(proc.output().match(/embedded PostgreSQL exited \(signal SIGKILL\); restarting/g), 'said once').to.have.length(1);
      expect(proc.output()).to.match(/embedded PostgreSQL restarted after \d+ ms/);
      // The job queue's polls fail meanwhile: said once per incident, not once per poll.
      expect(proc.output()).not.to.match(/job queue error/);
      expect(proc.output().match(/job queue cannot reach the database/g) ?? []).to.have.length.at.most(2);
      expect(postmasterOf(proc.child.pid!), 'a new postmaster').to.be.a('number').and.not.equal(postmaster);
      expect(await query('select id from fault_marker')).to.deep.equal([{ id: 1 }]);

      // Still a well-behaved process: it stops cleanly, its server with it.
      proc.child.kill('SIGTERM');
      expect(await proc.exited, proc.output().slice(-3000)).to.equal(0);
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).to.equal(false);
    } finally {
      await load?.stop();
      proc.child.kill('SIGKILL');
    }
  });

  it('stops with a non-zero exit code when the server cannot be started again', async () => {
    const port = await freePort();
    const proc = startProcess('all', { PORT: String(port), DATA_DIR: dataDir });
    try {
      await waitForReady(`http://127.0.0.1:${port}`, 60_000, proc);
      for (let i = 0; i < 300 && !/Support console:/.test(proc.output()); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      const postmaster = postmasterOf(proc.child.pid!);
      // A data directory no server of this version will open: every try to start it again fails.
      writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '9\n');
      process.kill(postmaster!, 'SIGKILL');
      expect(await proc.exited, proc.output().slice(-3000)).to.equal(1);
      expect(proc.output()).to.match(/embedded PostgreSQL could not be restarted/);
    } finally {
      proc.child.kill('SIGKILL');
    }
  });
});
