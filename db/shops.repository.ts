import type { Db, Tx } from './database.ts';
import type { Shop } from './schema.ts';

// One shop per deployment today; every table already carries shop_id so that many can come later.
export async function ensureShop(db: Db | Tx, domain: string, name: string): Promise<Shop> {
  return db
    .insertInto('shops')
    .values({ domain, name })
    .onConflict((oc) => oc.column('domain').doUpdateSet({ domain }))
    .returningAll()
    .executeTakeFirstOrThrow();
}


export async function findShop(db: Db | Tx, id: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst();
}

// The reconciliation cursor only moves forward.
export async function advanceSyncCursor(trx: Tx, shopId: string, to: Date): Promise<void> {
  const shop = await trx.selectFrom('shops').select('sync_cursor').where('id', '=', shopId).forUpdate().executeTakeFirst();
  if (shop?.sync_cursor && new Date(shop.sync_cursor) >= to) return;
  await trx.updateTable('shops').set({ sync_cursor: to.toISOString(), updated_at: new Date() }).where('id', '=', shopId).execute();
}
