import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from './data-dir-lock.ts';
import { EmbeddedPostgresError, runAs } from './host.ts';

// Who a process is: its real uid, its executable and its command line (/proc on Linux, ps elsewhere),
// or undefined when it is gone or cannot be told.
interface ProcessIdentity {
  uid: number;
  executable: string;
  commandLine: string;
}

function identify(pid: number): ProcessIdentity | undefined {
  try {
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    const executable = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
    return { uid, executable, commandLine: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
  } catch {
    const ps = (field: string) => spawnSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' });
    const [uid, comm, args] = [ps('uid'), ps('comm'), ps('args')];
    if ([uid, comm, args].some((result) => result.status !== 0)) return undefined;
    return { uid: Number(uid.stdout.trim()), executable: comm.stdout.trim(), commandLine: args.stdout.trim() };
  }
}

function samePath(a: string, b: string): boolean {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  };
  return real(a) === real(b);
}

// The pid a postmaster.pid names. The file is in a directory the server's account owns: it is read
// without following a link and only when it is a regular file (a fifo would hang the start).
function postmasterPid(pidFile: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(pidFile, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return fstatSync(fd).isFile() ? Number.parseInt(readFileSync(fd, 'utf8').split('\n')[0], 10) : undefined;
  } finally {
    closeSync(fd);
  }
}

// Whether a live process is the embedded server on this data directory: run by the server's account,
// from the npm PostgreSQL binary, on this directory. Anyone else's process is never signalled (a
// planted postmaster.pid must not make root stop a process of its choice).
function isOurServer(pid: number, pgdata: string, postgresBinary: string): boolean | undefined {
  const found = identify(pid);
  if (!found) return undefined;
  const uid = runAs(pgdata).uid ?? process.getuid?.();
  return (uid === undefined || found.uid === uid) && samePath(found.executable, postgresBinary) && found.commandLine.includes(path.resolve(pgdata));
}

// A server left running on this data directory by a process that died before it could stop it: its
// shell asks it to stop as soon as that process is gone, so it is usually gone or going. It is waited
// for, then asked again (fast shutdown: its clients are gone). A postmaster.pid naming a live process
// that is not that server (a pid reused after a reboot, or a planted file) is removed, since
// PostgreSQL would refuse to start over it; a dead pid is left to PostgreSQL, which replaces the file.
export async function clearLeftoverServer(pgdata: string, postgresBinary: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = postmasterPid(pidFile);
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return;
  const ours = isOurServer(pid, pgdata, postgresBinary);
  if (ours === undefined) return; // cannot tell: PostgreSQL's own checks decide
  if (!ours) {
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
