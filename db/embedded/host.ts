import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, lchownSync, lstatSync, openSync, readdirSync, statSync } from 'node:fs';
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
  const who = runAs();
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
