import { sql } from 'kysely';
import type { Db } from './database.ts';

// How often shoppers look an order up: one row per order and UTC day, read by the analytics.

// One lookup of an order, counted on its UTC day.
export async function recordOrderLookup(db: Db, shopId: string, orderId: string, at: Date): Promise<void> {
  await sql`insert into order_lookups (shop_id, order_id, day, lookups) values (${shopId}, ${orderId}, ${at.toISOString().slice(0, 10)}, 1)
            on conflict (shop_id, day, order_id) do update set lookups = order_lookups.lookups + 1`.execute(db);
}
