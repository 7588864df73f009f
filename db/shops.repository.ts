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

export async function findShopByDomain(db: Db | Tx, domain: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').selectAll().where('domain', '=', domain).executeTakeFirst();
}
