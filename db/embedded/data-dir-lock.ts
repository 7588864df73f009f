import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { openPrivateDir, readPrivateFile } from '../../core/private-files.ts';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${path.resolve(dir)} is already in use by process ${pid}. ` +
        'Only one process may open it: stop that process first, or set DATABASE_URL to run several ' +
        'processes on PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}

// Whether a process with this pid exists (one of another user's counts too).
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The embedded server is the child of the process that opened DATA_DIR and stops with it, so one
// process at a time owns a data dir. A pid file taken with O_EXCL makes the second process refuse
// (before it touches the server); a file left by a killed process is taken over. A DATA_DIR another
// account owns or may write to is refused first (core/private-files.ts).
export function lockDataDir(dir: string): () => void {
  openPrivateDir(dir);
  const file = path.join(dir, 'whereabouts.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readPrivateFile(dir, 'whereabouts.pid') ?? '', 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${path.resolve(dir)}: another process keeps taking it`);
}
