import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binaries } from '../../db/embedded/postgres.ts';
import { freePort } from './http.ts';

// A PostgreSQL server on a loopback TCP port that a test starts, kills and starts again itself: the
// binaries npm installs, in a temporary directory. As root it runs as the system user postgres, as
// PostgreSQL requires.
export interface PostgresServer {
  url: string;
  start(): Promise<void>;
  kill(): void;
  close(): Promise<void>;
}

export class NoPostgresUserError extends Error {}

function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim()),
    };
  } catch {
    throw new NoPostgresUserError('as root, a PostgreSQL server needs the system user postgres to run as');
  }
}

async function accepting(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const { default: pg } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

export async function createPostgresServer(): Promise<PostgresServer> {
  const { initdb, postgres } = await binaries();
  const who = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'whereabouts-pg-tcp-'));
  chmodSync(dir, 0o755);
  const pgdata = path.join(dir, 'data');
  mkdirSync(pgdata, { mode: 0o700 });
  if (who.uid !== undefined && who.gid !== undefined) chownSync(pgdata, who.uid, who.gid);
  const init = spawnSync(initdb, ['-D', pgdata, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...who, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const server: PostgresServer = {
    url,
    async start() {
      // Just after a kill, the old server's backends may still hold its shared memory: tried again.
      for (let attempt = 0; attempt < 20; attempt++) {
        child = spawn(postgres, ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'], {
          ...who,
          stdio: 'ignore',
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
        });
        if (await accepting(url, child, 30_000)) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`the PostgreSQL server in ${pgdata} did not start`);
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async close() {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
