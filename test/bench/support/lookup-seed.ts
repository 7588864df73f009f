import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

// Seeds a shop's lookups set-based, inside the database: n orders (#1001, #1002, …), one shipment each
// and 3 or 4 tracking events per shipment, with a realistic mix of statuses, carriers and places.
// Order k has number 1000 + k and email shopperK@example.com (stored as ShopperK@Example.com).

export const FIRST_NUMBER = 1001;

export function benchShopper(number: number): { order: string; email: string } {
  return { order: String(number), email: `shopper${number}@example.com` };
}

// deliveredTwentieths: how many orders in twenty are delivered already (the rest are on their way).
export async function seedLookups(db: Db, shopId: string, orders: number, { deliveredTwentieths = 7 } = {}): Promise<void> {
  const places = sql`(array['Aarhus','Copenhagen','Odense','Manila','Cebu','London','Leeds','Austin','Denver'])`;
  const countries = sql`(array['DK','DK','DK','PH','PH','GB','GB','US','US'])`;
  await sql`
    insert into orders (shop_id, shopify_id, name, number, email, postal_code, customer_locale, shipping_address, created_at)
    select ${shopId}, 'bench-' || n, '#' || n, n, 'Shopper' || n || '@Example.com', lpad((n % 9000 + 1000)::text, 4, '0'),
           (array['en','da','fil'])[1 + n % 3],
           jsonb_build_object('city', ${places}[1 + n % 9], 'countryCodeV2', ${countries}[1 + n % 9], 'zip', lpad((n % 9000 + 1000)::text, 4, '0')),
           now() - (n % 30) * interval '1 day' - interval '4 days'
    from generate_series(${FIRST_NUMBER}::int, ${FIRST_NUMBER + orders - 1}::int) n`.execute(db);
  await sql`
    insert into shipments (shop_id, order_id, tracking_code, declared_carrier, carrier, status, est_delivery_at, last_scan_at,
                           delivered_at, signed_by, public_url, created_at)
    select o.shop_id, o.id, 'BENCH' || lpad(o.number::text, 10, '0'), c.carrier, c.carrier, st.status,
           o.created_at + interval '5 days',
           o.created_at + (3 + o.number % 2) * interval '14 hours',
           case when st.status = 'delivered' then o.created_at + (3 + o.number % 2) * interval '14 hours' end,
           case when st.status = 'delivered' and o.number % 3 = 0 then 'J. Doe' end,
           'https://track.example/BENCH' || lpad(o.number::text, 10, '0'),
           o.created_at + interval '6 hours'
    from orders o
    cross join lateral (select (array['USPS','UPS','FedEx','DHL','PostNord','GLS'])[1 + o.number % 6] as carrier) c
    cross join lateral (select case when o.number % 20 < ${deliveredTwentieths} then 'delivered' when o.number % 20 < 17 then 'in_transit'
                                    when o.number % 20 < 19 then 'out_for_delivery' else 'pre_transit' end as status) st
    where o.shop_id = ${shopId}`.execute(db);
  await sql`
    insert into tracking_events (shop_id, shipment_id, dedupe_key, occurred_at, status, message, location)
    select s.shop_id, s.id, 'bench-' || k, s.created_at + k * interval '14 hours', e.status,
           case e.status when 'pre_transit' then 'Shipment information received' when 'delivered' then 'Delivered'
                         when 'out_for_delivery' then 'Out for delivery' else 'Arrived at a sorting facility' end,
           jsonb_build_object('city', ${places}[1 + (o.number + k) % 9], 'country', ${countries}[1 + (o.number + k) % 9])
    from shipments s
    join orders o on o.id = s.order_id
    cross join lateral generate_series(1, 3 + o.number % 2) k
    cross join lateral (select case when k = 1 then 'pre_transit'
                                    when k = 3 + o.number % 2 and s.status in ('delivered', 'out_for_delivery') then s.status
                                    else 'in_transit' end as status) e
    where s.shop_id = ${shopId}`.execute(db);
  // What autovacuum would do a little later after a bulk load.
  await sql`analyze orders, shipments, tracking_events`.execute(db);
}

// Everything the seeding made (shipments and events go with their orders).
export async function removeLookups(db: Db, shopId: string): Promise<void> {
  await db.deleteFrom('orders').where('shop_id', '=', shopId).execute();
}
