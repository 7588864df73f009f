import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, fchmodSync, fchownSync, fstatSync, lchownSync, lstatSync, openSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

// What the embedded server needs from the machine: the user it runs as and directories it accepts
// (a server a killed predecessor left behind: leftover-server.ts).

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

// PostgreSQL refuses to run as root: as root, its processes run as an account of their own, made
// when missing, that nothing else on the machine uses. A data directory an earlier version handed to
// the distribution's shared "postgres" account stays with that account.
export const SERVER_ACCOUNT = 'whereabouts-db';
const EARLIER_ACCOUNT = 'postgres';

const accounts = new Map<string, Required<RunAs>>();
function lookUp(name: string): Required<RunAs> | undefined {
  if (accounts.has(name)) return accounts.get(name);
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    accounts.set(name, { uid: id('-u'), gid: id('-g') });
  } catch {
    // no such account (yet)
  }
  return accounts.get(name);
}

function createAccount(): Required<RunAs> {
  const shell = ['/usr/sbin/nologin', '/sbin/nologin'].find((file) => existsSync(file)) ?? '/bin/false';
  const tries = [
    ['useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', shell, SERVER_ACCOUNT]],
    ['adduser', ['-S', '-D', '-H', '-h', '/nonexistent', '-s', shell, SERVER_ACCOUNT]], // busybox (Alpine)
  ] as const;
  for (const [command, args] of tries) {
    if (spawnSync(command, args, { stdio: 'ignore' }).status === 0 && lookUp(SERVER_ACCOUNT)) return lookUp(SERVER_ACCOUNT)!;
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL does not run as root, and the system account ${SERVER_ACCOUNT} it would run as could not be created. ` +
      `Create it (useradd --system --user-group ${SERVER_ACCOUNT}), run whereabouts as a normal user, or set DATABASE_URL.`,
  );
}

export function runAs(pgdata?: string): RunAs {
  if (process.getuid?.() !== 0) return {};
  const earlier = pgdata && existsSync(pgdata) ? lookUp(EARLIER_ACCOUNT) : undefined;
  if (earlier && lstatSync(pgdata!).uid === earlier.uid) return earlier;
  return lookUp(SERVER_ACCOUNT) ?? createAccount();
}

// As root, the server's account must reach the data directory and the binaries through every parent
// folder. A clone under a private home (/root is 0700) is refused now, with the folder to blame, rather
// than by a Permission denied from initdb.
export function refuseUnreachable(file: string, who: RunAs): void {
  if (who.uid === undefined) return;
  const real = existsSync(file) ? realpathSync(file) : path.resolve(file);
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const stats = statSync(dir);
    const through = stats.uid === who.uid ? 0o100 : stats.gid === who.gid ? 0o010 : 0o001;
    if ((stats.mode & through) === 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL runs as the account ${SERVER_ACCOUNT} when whereabouts runs as root, and that account ` +
          `cannot enter ${dir} (mode ${(stats.mode & 0o777).toString(8)}) to reach ${file}. Clone whereabouts and keep DATA_DIR ` +
          `outside private folders (say under /srv or /opt), let it through (chmod o+x ${dir}), run as a normal user, or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

// What root hands to the server's account: a tree root itself just made (a new directory, a copy of
// the template), which no other account can have entered, since it is root's and 0700 until its top is
// handed over last. Anything in it that is not root's is refused, and links are never followed.
function handOverChildren(dir: string, { uid, gid }: Required<RunAs>): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const stats = lstatSync(full);
    if (stats.uid !== process.getuid?.()) throw new EmbeddedPostgresError(`${full} belongs to uid ${stats.uid}: not handing over a data directory someone else has written to.`);
    if (stats.isDirectory()) handOverChildren(full, { uid, gid });
    lchownSync(full, uid, gid);
  }
}

function openDirectory(dir: string): number {
  try {
    return openSync(dir, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_DIRECTORY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR') throw new EmbeddedPostgresError(`${path.resolve(dir)} is not a directory (a symbolic link?): the embedded database will not use it.`);
    throw error;
  }
}

// A directory PostgreSQL will accept as its data directory: owned by the user it runs as, mode 0700.
// One that user already owns is left as it is: nothing in it is walked or chowned by root, since that
// account may have changed it (a symlink swapped in mid-walk would make root hand over its target).
// As root, the parent (DATA_DIR) must let that user through.
export function claimDirectory(pgdata: string): void {
  const who = runAs(pgdata);
  const fd = openDirectory(pgdata);
  try {
    const stats = fstatSync(fd);
    if (who.uid !== undefined && who.gid !== undefined && stats.uid !== who.uid) {
      if (stats.uid !== process.getuid?.()) {
        throw new EmbeddedPostgresError(
          `${path.resolve(pgdata)} belongs to uid ${stats.uid}, neither to root nor to the server's account (uid ${who.uid}): ` +
            'the embedded database will not use it. Remove it, or give it to that account yourself.',
        );
      }
      fchmodSync(fd, 0o700);
      handOverChildren(pgdata, { uid: who.uid, gid: who.gid });
      fchownSync(fd, who.uid, who.gid);
    } else if ((stats.mode & 0o777) !== 0o700) {
      fchmodSync(fd, 0o700);
    }
  } finally {
    closeSync(fd);
  }
  if (who.uid !== undefined) {
    const parent = path.dirname(pgdata);
    chmodSync(parent, statSync(parent).mode | 0o001);
  }
}
