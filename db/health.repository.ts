import { sql } from 'kysely';
import type { Db } from './database.ts';

// A write that needs new space, as a webhook's insert does when its table or an index grows: the probe
// table is truncated (a new, empty file) and given one row (the file grows by a page), in one
// transaction. An upsert of a standing row would not do: it rewrites the row within a page that already
// exists and succeeds on a full disk. In steady state the table holds one page; the old file's page is
// freed at commit. Waits for another process's probe at most a second.
export async function probeWrite(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '1s'`.execute(trx);
    await sql`set local statement_timeout = '5s'`.execute(trx);
    await sql`truncate write_probe`.execute(trx);
    await trx.insertInto('write_probe').defaultValues().execute();
  });
}
