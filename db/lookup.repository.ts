import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { Order, Place, Shipment } from './schema.ts';
import { activeBlockQuery, type BlockLevel, type BlockSubjects } from './blocklist.repository.ts';

// Orders whose name or number matches what the shopper typed ("#1001", "1001", "ABC-1001"): two
// indexed lookups rather than one OR, which the planner would answer with a scan.
export async function findOrdersByReference(db: Db, shopId: string, names: string[], number: number | null): Promise<Order[]> {
  const byName = db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where(sql`upper(name)`, 'in', names);
  const query = number === null ? byName : byName.union(db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('number', '=', number));
  return query.limit(5).execute();
}

export interface LookupEvent {
  occurred_at: Date | null;
  status: string;
  status_detail: string | null;
  message: string | null;
  location: Place | null;
}

export interface ShipmentWithEvents {
  shipment: Shipment;
  events: LookupEvent[];
  issues: string[];
}

// An order's live parcels with their timelines (newest first) and open issue kinds, in one round trip.
export async function shipmentsWithEvents(db: Db, orderId: string): Promise<ShipmentWithEvents[]> {
  return (await parcelsQuery(db, orderId).orderBy('s.created_at').execute()).map(parcelOf);
}

function parcelsQuery(db: Db, orderId: string) {
  return db
    .selectFrom('shipments as s')
    .selectAll('s')
    .select(() => [
      sql<LookupEvent[]>`coalesce((
        select json_agg(json_build_object('occurred_at', e.occurred_at, 'status', e.status, 'status_detail', e.status_detail, 'message', e.message, 'location', e.location)
                        order by e.occurred_at desc nulls last, e.created_at desc)
        from tracking_events e where e.shipment_id = s.id), '[]'::json)`.as('events'),
      sql<string[]>`coalesce((select json_agg(distinct i.kind) from shipment_issues i where i.shipment_id = s.id and i.cleared_at is null), '[]'::json)`.as('issues'),
    ])
    .where('s.order_id', '=', orderId)
    .where('s.retired_at', 'is', null);
}

type ParcelRow = Shipment & { events: LookupEvent[]; issues: string[] };

function parcelOf({ events, issues, ...shipment }: ParcelRow): ShipmentWithEvents {
  return {
    shipment: shipment as Shipment,
    events: events.map((e) => ({ ...e, occurred_at: e.occurred_at ? new Date(e.occurred_at as unknown as string) : null })),
    issues,
  };
}

export interface LookupRead {
  // The strongest active block on the shopper, if any (activeBlock).
  blockLevel: BlockLevel | null;
  // The order's live parcels, unless the block is a full one.
  parcels: ShipmentWithEvents[];
}

// What a shopper's lookup of an order reads, in one round trip (a lookup is the busiest thing shoppers
// do): the strongest active block on them (IP, email, customer) and, unless it is a full block, the
// order's live parcels as shipmentsWithEvents gives them.
export async function readLookup(db: Db, shopId: string, orderId: string, subjects: BlockSubjects, now = new Date()): Promise<LookupRead> {
  const block = activeBlockQuery(db, shopId, subjects, now) ?? sql`select null::text as level where false`;
  const { rows } = await sql<{ block_level: BlockLevel | null } & Partial<ParcelRow>>`
    with block as (${block}),
         allowed as (select not exists (select 1 from block where level = 'blocked') as yes)
    select (select level from block) as block_level, p.*
    from allowed left join (${parcelsQuery(db, orderId)}) p on allowed.yes
    order by p.created_at`.execute(db);
  return {
    blockLevel: rows[0]?.block_level ?? null,
    parcels: rows.filter((row) => row.id).map(({ block_level: _level, ...row }) => parcelOf(row as ParcelRow)),
  };
}
