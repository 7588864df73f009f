import { Router } from 'express';
import { pendingMigrations } from '../../db/migrator.ts';
import type { AppServices } from '../services.ts';
import { errorBody } from '../errors.ts';
import { createDatabaseHealth, type DatabaseHealthOptions } from './database-health.ts';

// /healthz: the process can do its work: 503 once its database has been unreachable for longer than
// a short grace (a supervisor may then restart it), 200 otherwise. /readyz: send it traffic now
// (database reachable, schema current, writes accepted, not shutting down): load balancers send
// traffic only while this is 200. docs/operations.md says which to use for what.
export function healthRoutes({ db, lifecycle, logger }: AppServices, options: DatabaseHealthOptions = {}): Router {
  const router = Router();
  const health = createDatabaseHealth(db, logger, options);

  router.get('/healthz', async (_req, res) => {
    const unreachable = await health.unreachableFor();
    if (unreachable > health.graceMs) {
      res.status(503).json(errorBody('unavailable', `The database has been unreachable for ${Math.round(unreachable / 1000)} s.`));
      return;
    }
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    if (lifecycle.shuttingDown) {
      res.status(503).json(errorBody('unavailable', 'Shutting down.'));
      return;
    }
    try {
      if ((await health.unreachableFor()) > 0) throw new Error('unreachable');
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json(errorBody('unavailable', `Migrations not applied: ${pending.join(', ')}.`));
        return;
      }
    } catch {
      res.status(503).json(errorBody('unavailable', 'The database is not reachable.'));
      return;
    }
    if (await health.refusesWrites()) {
      res.status(503).json(errorBody('unavailable', 'The database refuses writes (is its disk full?).'));
      return;
    }
    res.json({ status: 'ready' });
  });

  return router;
}
