import { sql } from 'kysely';
import type { Db } from './database.ts';

// How often shoppers look an order up: one row per order and UTC day, read by the analytics.

export interface LookupCount {
  orderId: string;
  // UTC day, YYYY-MM-DD.
  day: string;
  lookups: number;
}

// Adds lookups counted since the last write, in one statement. An order deleted meanwhile (a
// shopper's data erased) is skipped rather than failing the others.
export async function addOrderLookups(db: Db, shopId: string, counts: LookupCount[]): Promise<void> {
  if (counts.length === 0) return;
  const rows = JSON.stringify(counts.map((c) => ({ order_id: c.orderId, day: c.day, lookups: c.lookups })));
  await sql`
    insert into order_lookups (shop_id, order_id, day, lookups)
    select ${shopId}, v.order_id, v.day, v.lookups
    from json_to_recordset(${rows}::json) as v(order_id uuid, day date, lookups int)
    join orders o on o.id = v.order_id and o.shop_id = ${shopId}
    on conflict (shop_id, day, order_id) do update set lookups = order_lookups.lookups + excluded.lookups`.execute(db);
}
