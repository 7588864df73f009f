import { expect } from 'chai';
import { sql } from 'kysely';
import { migrateDown, migrateToLatest, pendingMigrations } from '../../db/migrator.ts';
import { createEmptyDatabase } from '../support/database.ts';
import type { DatabaseHandle } from '../../db/database.ts';

async function tables(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name`.execute(handle.db);
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await createEmptyDatabase();
  });
  after(async () => {
    await handle.close();
  });

  it('creates the domain schema, rolls it back, and applies it again', async () => {
    expect(await pendingMigrations(handle.db)).to.have.length.greaterThan(0);
    await migrateToLatest(handle.db);
    expect(await pendingMigrations(handle.db)).to.deep.equal([]);
    expect(await tables(handle)).to.include.members([
      'shops', 'orders', 'shipments', 'tracking_events', 'notifications', 'disputes',
      'blocklist_entries', 'webhook_receipts', 'support_users', 'support_sessions', 'audit_log',
    ]);
    while ((await migrateDown(handle.db)).length > 0);
    expect(await tables(handle)).to.deep.equal([]);
    await migrateToLatest(handle.db);
    expect(await pendingMigrations(handle.db)).to.deep.equal([]);
  });

  it('is a no-op when everything is applied', async () => {
    expect(await migrateToLatest(handle.db)).to.deep.equal([]);
  });

  // Deleting a row checks every reference to it; without an index on the referring column, that is a
  // read of the whole referring table per deleted row (an order's parcels, a case's emails).
  it('indexes every column that refers to a parcel, an order, an issue, a case or an email', async () => {
    const { rows } = await sql<{ referrer: string; target: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as referrer, c.confrelid::regclass::text as target
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
      order by 1`.execute(handle.db);
    // Shops and support accounts are few and are not deleted in the course of business.
    const unindexed = rows.filter((r) => !['shops', 'support_users'].includes(r.target)).map((r) => r.referrer);
    expect(unindexed).to.deep.equal([]);
  });
});
