import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

// Seeds a year of a shop's parcels set-based, inside the database: n orders with one shipment each,
// shipped evenly over the 365 days before `now` and written in that order, as a shop's rows are, with a realistic mix of carriers, services,
// destinations, delivery times, issues, emails, not-received cases and lookups.
export async function seedAnalytics(db: Db, shopId: string, shipments: number, now: Date): Promise<void> {
  const countries = sql`(array['US','US','US','US','US','US','CA','GB','DK','PH'])`;
  await sql`
    insert into orders (shop_id, shopify_id, name, number, email, customer_locale, shipping_address, created_at)
    select ${shopId}, 'analytics-' || n, '#' || n, n, 'shopper' || n || '@example.com', 'en',
           jsonb_build_object('countryCodeV2', ${countries}[1 + n % 10], 'zip', lpad((n % 90000 + 10000)::text, 5, '0')),
           ${now}::timestamptz - (${shipments}::int - n) * (interval '365 days' / ${shipments}::int)
    from generate_series(1, ${shipments}::int) n`.execute(db);
  await sql`
    insert into shipments (shop_id, order_id, tracking_code, declared_carrier, carrier, service, status, shipped_at, first_scan_at,
                           first_est_delivery_at, est_delivery_at, delivered_at, attention, created_at)
    select o.shop_id, o.id, 'AN' || lpad(o.number::text, 10, '0'), c.carrier, c.carrier, c.service, st.status, o.created_at,
           case when o.number % 50 <> 0 then o.created_at + (4 + o.number % 30) * interval '1 hour' end,
           date_trunc('day', o.created_at) + (3 + o.number % 3) * interval '1 day',
           date_trunc('day', o.created_at) + (3 + o.number % 3) * interval '1 day',
           case when st.status = 'delivered' then o.created_at + (40 + (o.number * 7) % 120) * interval '1 hour' end,
           case when o.number % 211 = 0 then 'tracking_expired' end,
           o.created_at
    from orders o
    cross join lateral (select (array['USPS','UPS','FedEx','DHL','PostNord','GLS'])[1 + o.number % 6] as carrier,
                               (array['Ground','Priority','Express'])[1 + o.number % 3] as service) c
    cross join lateral (select case when o.created_at > ${now}::timestamptz - interval '6 days' and o.number % 3 <> 0 then 'in_transit'
                                    when o.number % 97 = 0 then 'return_to_sender' else 'delivered' end as status) st
    where o.shop_id = ${shopId}
    order by o.created_at`.execute(db);
  await sql`
    insert into shipment_issues (shop_id, shipment_id, kind, episode, opened_at, cleared_at)
    select s.shop_id, s.id, (array['stalled','late','never_scanned','action_needed'])[1 + (o.number / 13) % 4], 1,
           s.shipped_at + interval '2 days', s.shipped_at + interval '2 days' + (12 + o.number % 60) * interval '1 hour'
    from shipments s join orders o on o.id = s.order_id where s.shop_id = ${shopId} and o.number % 13 = 0`.execute(db);
  await sql`
    insert into notifications (shop_id, shipment_id, order_id, kind, recipient, state, suppressed_reason, message_id, sent_at, created_at)
    select s.shop_id, s.id, s.order_id, k.kind, 'shopper@example.com',
           case when o.number % 41 = 0 then 'suppressed' when o.number % 157 = 0 then 'failed' else 'sent' end,
           case when o.number % 41 = 0 then (array['opt_out','bounced'])[1 + o.number % 2] end,
           '<' || k.kind || '.' || s.id || '@bench>', s.shipped_at + interval '1 hour', s.shipped_at + interval '1 hour'
    from shipments s join orders o on o.id = s.order_id
    cross join lateral (select unnest(case when s.delivered_at is not null then array['shipped','delivered'] else array['shipped'] end) as kind) k
    where s.shop_id = ${shopId}
    order by s.shipped_at`.execute(db);
  await sql`
    insert into disputes (shop_id, order_id, shipment_id, source, state, resolution, opened_at)
    select s.shop_id, s.order_id, s.id, 'shopper', case when o.number % 3 = 0 then 'open' else 'resolved' end,
           case when o.number % 3 = 0 then null else (array['found','reshipped','refunded','rejected'])[1 + o.number % 4] end,
           s.delivered_at + interval '1 day'
    from shipments s join orders o on o.id = s.order_id where s.shop_id = ${shopId} and s.delivered_at is not null and o.number % 400 = 0`.execute(db);
  await sql`
    insert into order_lookups (shop_id, order_id, day, lookups)
    select o.shop_id, o.id, (o.created_at + interval '2 days')::date, 1 + o.number % 4
    from orders o where o.shop_id = ${shopId} and o.number % 3 = 0`.execute(db);
  // What autovacuum would do a little later after a bulk load.
  await sql`analyze orders, shipments, shipment_issues, notifications, disputes, order_lookups`.execute(db);
}

export async function removeAnalytics(db: Db, shopId: string): Promise<void> {
  await db.deleteFrom('orders').where('shop_id', '=', shopId).execute();
}
