import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { NewOrder, Order } from './schema.ts';

// Inserts or updates an order from Shopify, unless what we hold is newer (a late, out-of-order
// delivery). Returns the row, or undefined when the incoming data was older and nothing changed.
// keepCustomerData: Shopify withheld the protected customer data this time (null is not an answer),
// so what an earlier read stored stays.
export async function upsertOrderIfNewer(trx: Tx, values: NewOrder & { shopify_updated_at: Date }, { keepCustomerData = false } = {}): Promise<Order | undefined> {
  return trx
    .insertInto('orders')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['shop_id', 'shopify_id'])
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          number: eb.ref('excluded.number'),
          email: keepCustomerData ? eb.ref('orders.email') : eb.ref('excluded.email'),
          customer_id: keepCustomerData ? eb.ref('orders.customer_id') : eb.ref('excluded.customer_id'),
          customer_locale: eb.ref('excluded.customer_locale'),
          shipping_address: keepCustomerData ? eb.ref('orders.shipping_address') : eb.ref('excluded.shipping_address'),
          postal_code: keepCustomerData ? eb.ref('orders.postal_code') : eb.ref('excluded.postal_code'),
          cancelled_at: eb.ref('excluded.cancelled_at'),
          shopify_updated_at: eb.ref('excluded.shopify_updated_at'),
          updated_at: sql<Date>`now()`,
        }))
        .where((eb) => eb.or([eb('orders.shopify_updated_at', 'is', null), eb('orders.shopify_updated_at', '<=', eb.ref('excluded.shopify_updated_at'))])),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function findOrderByShopifyId(db: Db | Tx, shopId: string, shopifyId: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('shopify_id', '=', shopifyId).executeTakeFirst();
}

export async function countOrders(db: Db | Tx, shopId: string): Promise<number> {
  const row = await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOrderById(db: Db | Tx, id: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}
