import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../../../db/database.ts';
import { EarlierEngineError } from '../../../db/embedded/earlier-engine.ts';
import { binaries } from '../../../db/embedded/postgres.ts';
import { runAs } from '../../../db/embedded/host.ts';

const holder = fileURLToPath(new URL('../support/hold-database.process.ts', import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('the embedded PostgreSQL server', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-embedded-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('listens on no TCP port, only on a socket in its own data directory, and stops when closed', async () => {
    const database = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 2 });
    const pgdata = path.join(dataDir, 'postgres');
    const pid = Number(readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
    try {
      const settings = await sql<{ name: string; setting: string }>`
        select name, setting from pg_settings where name in ('listen_addresses', 'unix_socket_directories', 'unix_socket_permissions')`.execute(database.db);
      expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))).to.deep.equal({
        listen_addresses: '',
        unix_socket_directories: path.resolve(pgdata),
        unix_socket_permissions: '0700',
      });
      expect(database.kind).to.equal('embedded');
      // Trust on the socket only: a TCP connection would be rejected even with a listen address set.
      const hba = readFileSync(path.join(pgdata, 'pg_hba.conf'), 'utf8').split('\n').filter((line) => /^(local|host)/.test(line));
      expect(hba.filter((line) => line.startsWith('local')).every((line) => line.trim().endsWith('trust'))).to.equal(true);
      const host = hba.filter((line) => line.startsWith('host'));
      expect(host).to.have.length.above(0);
      expect(host.every((line) => line.trim().endsWith('reject'))).to.equal(true);
    } finally {
      await database.close();
    }
    expect(isRunning(pid), 'the server has stopped').to.equal(false);
    expect(existsSync(path.join(pgdata, 'postmaster.pid'))).to.equal(false);
    expect(existsSync(path.join(dataDir, 'whereabouts.pid'))).to.equal(false);
  });

  it('stops when the process holding it is killed with SIGKILL, and opens again with what was committed', async () => {
    const child = spawn(process.execPath, [holder, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    expect(first.value).to.equal('open');
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(isRunning(pid)).to.equal(true);

    child.kill('SIGKILL');
    await exited;
    const deadline = Date.now() + 20_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isRunning(pid), 'the orphaned server has stopped by itself').to.equal(false);

    const again = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 2 });
    try {
      const rows = await sql<{ note: string }>`select note from kept`.execute(again.db);
      expect(rows.rows.map((r) => r.note)).to.deep.equal(['committed before the kill']);
    } finally {
      await again.close();
    }
  });

  it('stops a server a dead process left running without its supervisor, and takes over a postmaster.pid of another process', async () => {
    const first = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
    await first.close();
    // A bare postmaster on the data dir, as if its process and the shell that watches it were gone.
    const pgdata = path.resolve(dataDir, 'postgres');
    const { postgres } = await binaries();
    const bare = spawn(postgres, ['-D', pgdata, '-c', 'listen_addresses=', '-c', `unix_socket_directories=${pgdata}`], {
      ...runAs(),
      detached: true,
      stdio: 'ignore',
    });
    const bareExited = new Promise((resolve) => bare.once('exit', resolve));
    const pidFile = path.join(pgdata, 'postmaster.pid');
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').includes('ready')) await new Promise((resolve) => setTimeout(resolve, 20));

    const second = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
    await bareExited;
    await second.close();

    // A postmaster.pid naming a live process that is not PostgreSQL (a pid reused after a reboot).
    writeFileSync(pidFile, `${process.pid}\n${pgdata}\n`);
    const third = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
    await third.close();
  });

  it('refuses a second opener of the same data dir while the first holds it', async () => {
    const first = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
    try {
      const child = spawn(process.execPath, [holder, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr!.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).to.not.equal(0);
      expect(output).to.match(/already in use by process \d+/);
    } finally {
      await first.close();
    }
  });

  it('refuses a data dir of the earlier embedded engine (PGlite) without touching it', async () => {
    mkdirSync(path.join(dataDir, 'pglite'));
    writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), '17\n');
    let error: unknown;
    try {
      await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(EarlierEngineError);
    expect((error as Error).message).to.include(path.join(dataDir, 'pglite')).and.match(/nothing in it has been changed/);
    expect(existsSync(path.join(dataDir, 'postgres'))).to.equal(false);
    expect(existsSync(path.join(dataDir, 'whereabouts.pid')), 'the lock is let go').to.equal(false);
  });
});
