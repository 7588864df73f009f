import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrator.ts';
import { buildDatabaseTemplate, seedFromTemplate } from '../../runtime/database-template.ts';

describe('a new embedded database from the template', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-template-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts migrated, with pg-boss’s schema, and keeps its rows across a reopen that ignores the template', async () => {
    await buildDatabaseTemplate();
    let seeded = false;
    const first = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 }, (dir) => (seeded = seedFromTemplate(dir)));
    expect(seeded, 'a new data dir is a copy of the template').to.equal(true);
    expect(await pendingMigrations(first.db)).to.deep.equal([]);
    const queues = await first.db.selectFrom('pgboss.queue' as never).select('name' as never).execute();
    expect(queues.length).to.be.greaterThan(5);
    await first.db.insertInto('shops').values({ domain: 'kept.myshopify.com', name: 'Kept' }).execute();
    await first.close();

    let asked = false;
    const again = await openDatabase({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 1 }, () => {
      asked = true;
      return false;
    });
    const shops = await again.db.selectFrom('shops').select('domain').execute();
    await again.close();
    expect(asked, 'an existing data dir never reads the template').to.equal(false);
    expect(shops.map((s) => s.domain)).to.deep.equal(['kept.myshopify.com']);
  });
});
