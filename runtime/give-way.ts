import { setPriority } from 'node:os';
import type { Logger } from '../core/logger.ts';
import type { DatabaseHandle } from '../db/database.ts';

// Background work gives way to shoppers and webhooks when the CPU is short: the thread (or worker
// process) that runs the jobs lowers its own priority (nice 10), and on the embedded server the
// connections that serve it too (the server is this process's child; an external one is not ours to
// reprioritise). Lowering a priority needs no privilege; on a machine of its own it changes nothing.
const BACKGROUND_NICE = 10;

function lowerPriority(pid: number, logger: Logger): void {
  try {
    setPriority(pid, BACKGROUND_NICE);
  } catch (error) {
    logger.debug({ err: error }, 'could not lower the priority of background work');
  }
}

export function giveWayToTheWeb(database: DatabaseHandle, logger: Logger): void {
  // 0: the calling thread only (Linux keeps a nice value per thread).
  lowerPriority(0, logger);
  if (database.kind !== 'embedded') return;
  database.pool.on('connect', (client) => {
    client.query<{ pid: number }>('select pg_backend_pid() as pid').then(
      ({ rows }) => lowerPriority(rows[0].pid, logger),
      () => {},
    );
  });
}
