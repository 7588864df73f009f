import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';

// DATA_DIR holds what gives power over the service (the generated SECRET_KEY, the demo's admin
// password, the embedded database): anything in it that another local account could have planted or
// may still change is refused, not used. One check, for every file the service keeps there.

export class UnsafeDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDataError';
  }
}

const me = () => process.getuid?.();

function userName(): string {
  return process.env.USER ?? process.env.LOGNAME ?? String(me());
}

function refuseUnlessMine(what: string, stats: Stats, dataDir: string): void {
  const uid = me();
  if (uid === undefined) return; // no owners to compare (Windows)
  const problem =
    stats.uid !== uid ? `is owned by uid ${stats.uid}, not by this process's uid ${uid}` : (stats.mode & 0o022) !== 0 ? 'is writable by group or others' : undefined;
  if (!problem) return;
  const dir = path.resolve(dataDir);
  throw new UnsafeDataError(
    `${what} ${problem}: another account could have planted or changed it, so it is not used. ` +
      `If ${dir} is yours, make it private: chown -R ${userName()} ${dir} && chmod -R go-w ${dir} && chmod 700 ${dir}`,
  );
}

// DATA_DIR, made private (0700) when it does not exist yet, refused when it is another account's or
// others may write to it.
export function openPrivateDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  refuseUnlessMine(`The data directory ${path.resolve(dataDir)}`, statSync(dataDir), dataDir);
}

// The text of a file in DATA_DIR, undefined when there is none; a symlink, or a file of another
// account or writable by others, is refused. Read through the descriptor that was checked.
export function readPrivateFile(dataDir: string, name: string): string | undefined {
  openPrivateDir(dataDir);
  const file = path.join(dataDir, name);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new UnsafeDataError(`${path.resolve(file)} is a symbolic link: it is not used. Delete it, and a new one is made.`);
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UnsafeDataError(`${path.resolve(file)} is not a regular file: it is not used.`);
    refuseUnlessMine(path.resolve(file), stats, dataDir);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

// A private file (0600) in DATA_DIR: made with make() the first time, the same text afterwards.
export function keepPrivateFile(dataDir: string, name: string, make: () => string): string {
  openPrivateDir(dataDir);
  try {
    writeFileSync(path.join(dataDir, name), make(), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readPrivateFile(dataDir, name) ?? '';
}
