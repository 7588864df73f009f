import { expect } from 'chai';
import { pino } from 'pino';
import { openPostgres, type DatabaseHandle } from '../../../db/database.ts';
import { createDatabaseHealth } from '../../../server/health/database-health.ts';
import { createTestDatabase } from '../../support/database.ts';
import { freePort } from '../../support/http.ts';

// With options (a libpq connection string's `options`): the same database, its sessions as configured.
function withOptions(connectionString: string, options: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', options);
  return url.toString();
}

describe('database health (/healthz, /readyz)', () => {
  const logger = pino({ level: 'silent' });
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('counts the database unreachable from the first failed check, and counts again from zero when it answers', async () => {
    // Nothing listens on this port: every connection is refused, as while a server restarts.
    const nowhere = openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, 1);
    let clock = 1_000_000;
    try {
      const down = createDatabaseHealth(nowhere.db, logger, { now: () => clock, graceMs: 30_000 });
      expect(await down.unreachableFor()).to.equal(0);
      clock += 31_000;
      expect(await down.unreachableFor()).to.be.above(down.graceMs);
      const up = createDatabaseHealth(database.db, logger, { now: () => clock });
      expect(await up.unreachableFor()).to.equal(0);
    } finally {
      await nowhere.close();
    }
  });

  it('says when the database refuses writes, keeps the answer a few seconds, and sees writes accepted again', async () => {
    const readOnly = openPostgres(withOptions(database.connectionString, '-c default_transaction_read_only=on'), 1);
    let clock = 1_000_000;
    try {
      const refusing = createDatabaseHealth(readOnly.db, logger, { now: () => clock, writeCacheMs: 5000 });
      expect(await refusing.refusesWrites()).to.match(/read-only/);
      const writing = createDatabaseHealth(database.db, logger, { now: () => clock, writeCacheMs: 5000 });
      expect(await writing.refusesWrites()).to.equal(undefined);
      const { count } = await database.db.selectFrom('write_probe').select((e) => e.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      expect(Number(count), 'one row, written anew').to.equal(1);

      // Cached: the next probes within the window write nothing.
      await database.db.deleteFrom('write_probe').execute();
      clock += 4000;
      expect(await writing.refusesWrites()).to.equal(undefined);
      expect(await database.db.selectFrom('write_probe').selectAll().execute()).to.have.length(0);
      clock += 2000;
      expect(await writing.refusesWrites()).to.equal(undefined);
      expect(await database.db.selectFrom('write_probe').selectAll().execute()).to.have.length(1);
    } finally {
      await readOnly.close();
    }
  });
});
