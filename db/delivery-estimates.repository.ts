import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from './database.ts';

// Delivery estimates learned from the shop's own parcels: per carrier, service and lane, the 80th
// percentile of days from the first scan to delivery.
//
// A lane is where a parcel goes: at home, a region named by the first digits of the postal code
// ("US:941", "DK:21"); abroad, the country ("DK" from a US shop). The one expression below decides it,
// for learning and for using.

export const ESTIMATE_PERCENTILE = 0.8;

function laneOf(homeCountry: string): RawBuilder<string> {
  const country = sql`upper(coalesce(nullif(o.shipping_address->>'countryCodeV2', ''), ${homeCountry}))`;
  const postal = sql`upper(regexp_replace(coalesce(o.postal_code, o.shipping_address->>'zip', ''), '[^A-Za-z0-9]', '', 'g'))`;
  return sql<string>`case when ${country} = ${homeCountry}
                          then ${country} || ':' || left(${postal}, case when ${country} = 'US' then 3 else 2 end)
                          else ${country} end`;
}

export interface LearnedEstimate {
  carrier: string;
  service: string;
  lane: string;
  samples: number;
  days: number;
}

// Learns every carrier, service and lane with at least minSamples parcels delivered since `since`, and
// forgets the ones that no longer have enough. Returns what it learned.
export async function learnDeliveryEstimates(db: Db, shopId: string, homeCountry: string, minSamples: number, since: Date, now: Date): Promise<LearnedEstimate[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<LearnedEstimate>`
      insert into delivery_estimates (shop_id, carrier, service, lane, samples, days, computed_at)
      select ${shopId}, s.carrier, coalesce(s.service, ''), ${laneOf(homeCountry)}, count(*)::int,
             percentile_cont(${ESTIMATE_PERCENTILE}) within group (order by extract(epoch from s.delivered_at - s.first_scan_at) / 86400),
             ${now}
      from shipments s join orders o on o.id = s.order_id
      where s.shop_id = ${shopId} and s.carrier is not null and s.delivered_at is not null and s.first_scan_at is not null
        and s.delivered_at >= s.first_scan_at and s.delivered_at >= ${since} and s.delivered_at <= ${now}
      group by 2, 3, 4
      having count(*) >= ${minSamples}
      on conflict (shop_id, carrier, service, lane) do update set samples = excluded.samples, days = excluded.days, computed_at = excluded.computed_at
      returning carrier, service, lane, samples, days`.execute(trx);
    await trx.deleteFrom('delivery_estimates').where('shop_id', '=', shopId).where('computed_at', '<', now).execute();
    return rows.map((r) => ({ ...r, days: Number(r.days) }));
  });
}

// The learned estimate for one shipment's carrier, service and lane, if there is one.
export async function estimateForShipment(db: Db | Tx, shipmentId: string, homeCountry: string): Promise<{ days: number; samples: number } | undefined> {
  const { rows } = await sql<{ days: number; samples: number }>`
    select e.days, e.samples
    from shipments s join orders o on o.id = s.order_id
    join delivery_estimates e on e.shop_id = s.shop_id and e.carrier = s.carrier and e.service = coalesce(s.service, '') and e.lane = ${laneOf(homeCountry)}
    where s.id = ${shipmentId}`.execute(db);
  return rows[0] ? { days: Number(rows[0].days), samples: rows[0].samples } : undefined;
}

export async function listDeliveryEstimates(db: Db, shopId: string) {
  return db.selectFrom('delivery_estimates').selectAll().where('shop_id', '=', shopId).orderBy('carrier').orderBy('service').orderBy('lane').execute();
}
