import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseKind } from '../support/database.ts';
import { freePort } from '../support/http.ts';
import { startProcess, waitForReady } from '../support/process.ts';
import { lookupLoad, waitForStatus } from '../support/fault-load.ts';
import { createPostgresServer, NoPostgresUserError, type PostgresServer } from '../support/postgres-server.ts';

// Separate web and worker processes on a PostgreSQL server of their own, killed with SIGKILL under load
// and started again 3 s later: neither process crashes, and both work again within seconds. Runs in
// the test pass on PostgreSQL (it starts its own server, from the binaries npm installs).
describe('web and worker processes when their PostgreSQL server dies', function () {
  this.timeout(180_000);
  if (testDatabaseKind !== 'postgres') return;

  let server: PostgresServer;
  let dataDir: string;
  before(async function () {
    try {
      server = await createPostgresServer();
    } catch (error) {
      if (error instanceof NoPostgresUserError) this.skip();
      throw error;
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-fault-pg-'));
  });
  after(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const completedSince = async (since: Date): Promise<number> => {
    const client = new pg.Client({ connectionString: server.url });
    client.on('error', () => {});
    await client.connect();
    try {
      const { rows } = await client.query(`select count(*)::int as n from pgboss.job where state = 'completed' and completed_on > $1`, [since]);
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('reconnects after kill -9 and a restart 3 s later, without crashing', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: server.url, DATA_DIR: dataDir, DISPATCH_INTERVAL_SECONDS: '1', JOB_POLL_INTERVAL_SECONDS: '0.5', LOOKUP_RATE_PER_IP: '1000000', LOOKUP_RATE_PER_ORDER: '1000000' };
    const web = startProcess('web', { ...env, PORT: String(port) });
    await waitForReady(url, 60_000, web);
    // One at a time: both migrate at start.
    const worker = startProcess('worker', env);
    let load: ReturnType<typeof lookupLoad> | undefined;
    try {
      for (let i = 0; i < 300 && !/whereabouts worker is up/.test(worker.output()); i++) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(worker.output()).to.match(/whereabouts worker is up/);
      load = lookupLoad(url);
      await new Promise((resolve) => setTimeout(resolve, 1500));

      server.kill();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await waitForStatus(`${url}/readyz`, 503, 5000)).to.be.a('number');
      await server.start();
      const backAt = Date.now();

      const readyAt = await waitForStatus(`${url}/readyz`, 200, 30_000);
      let lookupAt: number | undefined;
      for (let i = 0; i < 100 && !lookupAt; i++) {
        lookupAt = load.firstSuccessAfter(backAt);
        if (!lookupAt) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      let jobAt: number | undefined;
      for (let i = 0; i < 300 && !jobAt; i++) {
        if ((await completedSince(new Date(backAt))) > 0) jobAt = Date.now();
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await load.stop();
      console.log(`      recovered after the server's return: /readyz 200 after ${readyAt - backAt} ms, a lookup after ${(lookupAt ?? NaN) - backAt} ms, a job done after ${(jobAt ?? NaN) - backAt} ms`);
      expect(web.child.exitCode, web.output().slice(-3000)).to.equal(null);
      expect(worker.child.exitCode, worker.output().slice(-3000)).to.equal(null);
      expect(lookupAt, 'a lookup answered again').to.be.a('number');
      expect(jobAt, 'the worker did a job again').to.be.a('number');
      expect(readyAt - backAt).to.be.below(10_000);

      web.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect(await Promise.all([web.exited, worker.exited])).to.deep.equal([0, 0]);
    } finally {
      await load?.stop();
      web.child.kill('SIGKILL');
      worker.child.kill('SIGKILL');
    }
  });
});
