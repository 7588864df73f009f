import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

  // The nice value of each thread of a process, from /proc (field 19 of a task's stat).
  const niceOfThreads = (pid: number) =>
    readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
    });
  const niceOf = (pid: number) => niceOfThreads(pid).find((t) => t.tid === pid)!.nice;
  const childrenOf = (pid: number): number[] =>
    readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );

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
        expect(await first.exited, first.output().slice(-3000)).to.equal(0);
        expect(first.output()).to.match(/database closed/);
        expect(existsSync(path.join(dataDir, 'whereabouts.pid'))).to.equal(false);
        expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'the embedded server has stopped').to.equal(false);
      } finally {
        first.child.kill('SIGKILL');
      }
    });

    it('runs the jobs in a background thread that gives way to the web, and counts them in /metrics', async function () {
      if (!existsSync('/proc/self/task')) this.skip();
      const port = await freePort();
      const proc = startProcess('all', { PORT: String(port), DATA_DIR: dataDir });
      try {
        await waitForReady(`http://127.0.0.1:${port}`, 60_000, proc);
        const pid = proc.child.pid!;
        // The thread may still be loading its modules when the web is ready.
        let lowered: unknown[] = [];
        for (let i = 0; i < 100 && lowered.length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          lowered = niceOfThreads(pid).filter((t) => t.nice === 10);
        }
        expect(lowered, 'the background thread').to.have.length(1);
        expect(niceOf(pid), 'the main thread answers the web at normal priority').to.equal(0);
        // The embedded server (under its supervisor shell): the jobs' own connections run lower too.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const backends = childrenOf(pid).flatMap((shell) => [shell, ...childrenOf(shell)]).flatMap((server) => [server, ...childrenOf(server)]);
        const nices = backends.filter((b) => existsSync(`/proc/${b}`)).map(niceOf);
        expect(nices, 'some server processes serve the jobs').to.include(10);
        expect(nices, 'the others serve the web').to.include(0);

        // The demo's jobs run in the thread; /metrics adds their counts to the web's.
        let text = '';
        for (let i = 0; i < 100 && !/whereabouts_jobs_processed_total\{job="dispatch-due-checks"/.test(text); i++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        }
        expect(text).to.match(/whereabouts_jobs_processed_total\{job="dispatch-due-checks",outcome="completed"\} [1-9]/);
        expect(text).to.match(/whereabouts_http_request_duration_seconds_count\{[^}]*route="\/readyz"/);
        expect(text.match(/^whereabouts_process_process_resident_memory_bytes /gm), 'the process is described once').to.have.length(1);
      } finally {
        proc.child.kill('SIGTERM');
        await proc.exited;
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
        if (existsSync('/proc/self/task')) {
          expect([web, worker, worker2].map((p) => niceOf(p.child.pid!)), 'workers give way to the web').to.deep.equal([0, 10, 10]);
        }
        for (const p of [web, worker, worker2]) p.child.kill('SIGTERM');
        expect(await Promise.all([web.exited, worker.exited, worker2.exited])).to.deep.equal([0, 0, 0]);
      } finally {
        for (const p of [web, worker, worker2]) p.child.kill('SIGKILL');
        await database.close();
      }
    });
  }
});
