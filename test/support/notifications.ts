import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestContext } from './context.ts';

// Delivered shipments, each with a pending "delivered" notification, made in bulk by the database.
export async function seedDeliveredNotifications(ctx: Pick<TestContext, 'db' | 'shop'>, count: number, shopId = ctx.shop.id): Promise<string[]> {
  const batch = randomUUID().slice(0, 8);
  await sql`
    insert into orders (shop_id, shopify_id, name, number, email, customer_locale, shipping_address)
    select ${shopId}, ${batch} || g, '#' || (5000 + g), 5000 + g, 'shopper' || g || '@example.com',
           (array['en','da','fil'])[1 + g % 3], '{"city":"Aarhus","countryCodeV2":"DK","name":"Test Shopper"}'::jsonb
    from generate_series(1, ${count}) g`.execute(ctx.db);
  await sql`
    insert into shipments (shop_id, order_id, tracking_code, carrier, status, delivered_at, signed_by)
    select shop_id, id, 'SBDLV' || lpad(number::text, 10, '0') || ${batch}, 'USPS', 'delivered', now() - interval '1 hour', 'Test'
    from orders where shopify_id like ${`${batch}%`}`.execute(ctx.db);
  const rows = await sql<{ id: string }>`
    insert into notifications (shop_id, shipment_id, order_id, kind, episode, recipient, locale, message_id)
    select s.shop_id, s.id, o.id, 'delivered', 1, o.email, o.customer_locale, '<n.' || gen_random_uuid() || '@test.example>'
    from shipments s join orders o on o.id = s.order_id where o.shopify_id like ${`${batch}%`}
    returning id`.execute(ctx.db);
  return rows.rows.map((r) => r.id);
}
