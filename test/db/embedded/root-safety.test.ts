import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../db/database.ts';
import { claimDirectory, EmbeddedPostgresError, runAs } from '../../../db/embedded/host.ts';

// Attacks of the account the embedded server runs as (when root starts the service) on root itself.
// Each runs for real: that account's own processes swap and plant files in the data directory it owns.

const isRoot = process.getuid?.() === 0;

function uidOf(name: string): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A node process run as the given account with the given script; the data directory in its command
// line makes it look, by name, like a server on it.
function runAsAccount(who: { uid?: number; gid?: number }, script: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, ['-e', script, ...args], { ...who, stdio: 'ignore' });
}

describe('the embedded PostgreSQL server, started by root, against its own account', function () {
  this.timeout(90_000);
  let dataDir: string;
  let pgdata: string;
  const children: ChildProcess[] = [];
  before(function () {
    if (!isRoot) this.skip();
  });
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-root-'));
    pgdata = path.join(dataDir, 'postgres');
    await (await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 })).close();
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the server as an account of its own, not the shared postgres one', () => {
    expect(statSync(pgdata).uid).to.equal(uidOf('whereabouts-db'));
    expect(statSync(pgdata).mode & 0o777).to.equal(0o700);
  });

  it('keeps a data directory an earlier version gave to the postgres account with that account', async function () {
    if (uidOf('postgres') === undefined) this.skip();
    execFileSync('chown', ['-R', 'postgres:', pgdata]);
    await (await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 })).close();
    expect(statSync(pgdata).uid).to.equal(uidOf('postgres'));
  });

  it('stops with the folder to blame when the data directory sits under one the account cannot enter', async () => {
    const home = path.join(dataDir, 'home');
    mkdirSync(home, { mode: 0o700 });
    let error: unknown;
    try {
      await (await openDatabase({ DATA_DIR: path.join(home, 'data'), DATABASE_POOL_SIZE: 1 })).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(EmbeddedPostgresError);
    expect((error as Error).message).to.include(`cannot enter ${home} (mode 700)`).and.include('chmod o+x');
  });

  it('never hands a root-only file to that account, however it swaps a directory for a link during starts', async () => {
    // Root's secret: a file in a directory only root may enter, as /etc/shadow is.
    const vault = path.join(dataDir, 'vault');
    mkdirSync(path.join(vault, 'inner'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(vault, 'inner', 'shadow'), 'root only', { mode: 0o600 });
    // The account swaps DATA_DIR/postgres/swap between a real directory and a link to root's, nonstop.
    const swap = path.join(pgdata, 'swap');
    const swapper = runAsAccount(
      runAs(),
      `const fs = require('fs'); const [swap, vault] = process.argv.slice(1);
       for (;;) {
         try { fs.mkdirSync(swap); fs.mkdirSync(swap + '/inner'); fs.writeFileSync(swap + '/inner/shadow', ''); } catch {}
         try { fs.rmSync(swap, { recursive: true, force: true }); fs.symlinkSync(vault, swap); } catch {}
         try { fs.rmSync(swap, { force: true }); } catch {}
       }`,
      swap,
      vault,
    );
    children.push(swapper);
    while (!existsSync(swap)) await new Promise((resolve) => setTimeout(resolve, 10));

    // What every start does to the data directory, many times over (the swap is a race), then starts.
    const aborted: string[] = [];
    for (let start = 0; start < 500; start++) {
      try {
        claimDirectory(pgdata);
      } catch (error) {
        aborted.push((error as Error).message);
      }
    }
    try {
      await (await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 })).close();
    } catch (error) {
      aborted.push((error as Error).message);
    }

    for (const file of [vault, path.join(vault, 'inner'), path.join(vault, 'inner', 'shadow')]) {
      expect(statSync(file).uid, `${file} is still root's`).to.equal(0);
    }
    expect(aborted, 'no start was aborted by the swaps').to.deep.equal([]);
  });

  it('refuses a data directory the account has put a file of another user in, before root hands it over', () => {
    const copy = path.join(dataDir, 'copy');
    mkdirSync(copy, { mode: 0o700 });
    writeFileSync(path.join(copy, 'planted'), '');
    chownSync(path.join(copy, 'planted'), 65534, 65534);
    expect(() => claimDirectory(copy)).to.throw(EmbeddedPostgresError, /belongs to uid 65534/);
    expect(statSync(copy).uid, 'nothing was handed over').to.equal(0);
  });

  it('does not signal a process a planted postmaster.pid names: neither another uid nor another program', async () => {
    const idle = 'setInterval(() => {}, 1000)';
    const stranger = runAsAccount({ uid: 65534, gid: 65534 }, idle, path.resolve(pgdata));
    const impostor = runAsAccount(runAs(), idle, path.resolve(pgdata));
    children.push(stranger, impostor);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const victim of [stranger, impostor]) {
      writeFileSync(path.join(pgdata, 'postmaster.pid'), `${victim.pid}\n${path.resolve(pgdata)}\n`);
      chownSync(path.join(pgdata, 'postmaster.pid'), runAs().uid!, runAs().gid!);
      const database = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 });
      await database.close();
      expect(isRunning(victim.pid!), `process ${victim.pid} was left alone`).to.equal(true);
      expect(victim.exitCode).to.equal(null);
    }
    expect(existsSync(path.join(pgdata, 'postmaster.pid'))).to.equal(false);
    expect(readFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), 'utf8')).to.match(/^\d+/);
  });
});
