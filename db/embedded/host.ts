import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from './data-dir-lock.ts';

// What the embedded server needs from the machine: the user it runs as, directories it accepts, and
// the processes a killed predecessor may have left behind.

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

// PostgreSQL refuses to run as root: as root, its processes run as the system user "postgres".
let postgresUser: RunAs | undefined;
export function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  try {
    postgresUser ??= {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    };
    return postgresUser;
  } catch {
    throw new EmbeddedPostgresError(
      'PostgreSQL does not run as root. Run whereabouts as a normal user, or create a system user named ' +
        'postgres for the embedded database to run as (useradd --system --user-group postgres), or set DATABASE_URL.',
    );
  }
}

function chownTree(dir: string, { uid, gid }: RunAs): void {
  if (uid === undefined || gid === undefined) return;
  lchownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, { uid, gid });
    else lchownSync(full, uid, gid);
  }
}

// A directory PostgreSQL will accept as its data directory: owned by the user it runs as, mode 0700.
// As root, the parent (DATA_DIR) must let that user through.
export function claimDirectory(pgdata: string): void {
  const who = runAs();
  chmodSync(pgdata, 0o700);
  chownTree(pgdata, who);
  if (who.uid !== undefined) {
    const parent = path.dirname(pgdata);
    chmodSync(parent, statSync(parent).mode | 0o001);
  }
}

// The command line of a process, or undefined when it is gone (/proc on Linux, ps elsewhere).
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    const result = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  }
}

// A server left running on this data directory by a process that died before it could stop it: its
// shell asks it to stop as soon as that process is gone, so it is usually gone or going. It is waited
// for, then asked again (fast shutdown: its clients are gone). A postmaster.pid naming a live process
// that is not a PostgreSQL on this directory (a pid reused after a reboot) is removed, since
// PostgreSQL would refuse to start over it; a dead pid is left to PostgreSQL, which replaces the file.
export async function clearLeftoverServer(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  if (!Number.isInteger(pid) || !isRunning(pid)) return;
  const command = commandLine(pid);
  if (command === undefined) return; // cannot tell: PostgreSQL's own checks decide
  if (!command.includes(path.resolve(pgdata))) {
    rmSync(pidFile, { force: true });
    return;
  }
  const deadline = Date.now() + 30_000;
  let asked = false;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(`The PostgreSQL server (pid ${pid}) left running on ${pgdata} does not stop: stop it, then start again.`);
    }
    if (!asked && Date.now() > deadline - 27_000) {
      process.kill(pid, 'SIGINT');
      asked = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
