import { Router } from 'express';
import { pingDatabase } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrator.ts';
import type { AppServices } from '../services.ts';
import { errorBody } from '../errors.ts';

// /healthz: the process answers. /readyz: it can do useful work (database reachable, schema current,
// not shutting down) — load balancers send traffic only while this is 200.
export function healthRoutes({ db, lifecycle }: AppServices): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    if (lifecycle.shuttingDown) {
      res.status(503).json(errorBody('unavailable', 'Shutting down.'));
      return;
    }
    try {
      await pingDatabase(db);
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json(errorBody('unavailable', `Migrations not applied: ${pending.join(', ')}.`));
        return;
      }
    } catch {
      res.status(503).json(errorBody('unavailable', 'The database is not reachable.'));
      return;
    }
    res.json({ status: 'ready' });
  });

  return router;
}
