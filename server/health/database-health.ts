import { pingDatabase, type Db } from '../../db/database.ts';
import { probeWrite } from '../../db/health.repository.ts';
import type { Logger } from '../../core/logger.ts';

export interface DatabaseHealthOptions {
  // How long the database may be unreachable before the process counts as unable to work: longer than
  // a restart of the embedded server (which, if it fails, stops the process anyway) or a failover.
  graceMs?: number;
  // How long a write probe's answer is kept: load balancers polling /readyz do not write each time.
  writeCacheMs?: number;
  // A round trip that takes longer counts as a failure.
  timeoutMs?: number;
  now?: () => number;
}

export interface DatabaseHealth {
  // How long the database has been unreachable, by the checks made so far (0: it answered last).
  unreachableFor(): Promise<number>;
  graceMs: number;
  // Why the database refuses writes (a full disk), or undefined when it accepts them.
  refusesWrites(): Promise<string | undefined>;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createDatabaseHealth(db: Db, logger: Logger, options: DatabaseHealthOptions = {}): DatabaseHealth {
  const { graceMs = 30_000, writeCacheMs = 5000, timeoutMs = 2000, now = Date.now } = options;
  let unreachableSince: number | undefined;
  let probe: { at: number; refusal: Promise<string | undefined> } | undefined;
  let refusing = false;
  return {
    graceMs,
    async unreachableFor() {
      try {
        await within(pingDatabase(db), timeoutMs);
        unreachableSince = undefined;
        return 0;
      } catch {
        unreachableSince ??= now();
        return now() - unreachableSince;
      }
    },
    refusesWrites() {
      if (probe && now() - probe.at < writeCacheMs) return probe.refusal;
      const refusal = within(probeWrite(db), timeoutMs * 2).then(
        () => undefined,
        (error: unknown) => (error as Error).message,
      );
      probe = { at: now(), refusal };
      // Said when it starts and when it ends, not at every probe.
      void refusal.then((reason) => {
        if (reason !== undefined && !refusing) logger.warn({ reason }, 'the database refuses writes');
        if (reason === undefined && refusing) logger.info('the database accepts writes again');
        refusing = reason !== undefined;
      });
      return refusal;
    },
  };
}
