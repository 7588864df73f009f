import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';
import type { IssueKind } from '../core/notification-kinds.ts';
import type { CarrierThresholdsTable, ShipmentIssue } from './schema.ts';
import type { Selectable } from 'kysely';

export async function listOpenIssues(trx: Tx, shipmentId: string): Promise<ShipmentIssue[]> {
  return trx.selectFrom('shipment_issues').selectAll().where('shipment_id', '=', shipmentId).where('cleared_at', 'is', null).execute();
}

export async function clearIssues(trx: Tx, ids: string[], at: Date): Promise<void> {
  if (ids.length) await trx.updateTable('shipment_issues').set({ cleared_at: at }).where('id', 'in', ids).execute();
}

// A stall's promised follow-up was decided (sent, or not owed): the sweep stops looking for it.
export async function markFollowedUp(trx: Tx, issueId: string, at: Date): Promise<void> {
  await trx.updateTable('shipment_issues').set({ followed_up_at: at }).where('id', '=', issueId).execute();
}

// Opens the next episode of a kind for a shipment.
export async function openIssue(trx: Tx, values: { shopId: string; shipmentId: string; kind: IssueKind; at: Date; details: Record<string, unknown> }): Promise<ShipmentIssue> {
  const last = await trx
    .selectFrom('shipment_issues')
    .select((eb) => eb.fn.max('episode').as('episode'))
    .where('shipment_id', '=', values.shipmentId)
    .where('kind', '=', values.kind)
    .executeTakeFirst();
  return trx
    .insertInto('shipment_issues')
    .values({
      shop_id: values.shopId,
      shipment_id: values.shipmentId,
      kind: values.kind,
      episode: Number(last?.episode ?? 0) + 1,
      opened_at: values.at,
      details: JSON.stringify(values.details),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCarrierThresholds(db: Db | Tx, shopId: string) {
  return db.selectFrom('carrier_thresholds').selectAll().where('shop_id', '=', shopId).execute();
}

export async function findCarrierThreshold(db: Db | Tx, shopId: string, carrier: string, scope: 'domestic' | 'international') {
  return db.selectFrom('carrier_thresholds').selectAll().where('shop_id', '=', shopId).where('carrier', '=', carrier).where('scope', '=', scope).executeTakeFirst();
}

export async function saveCarrierThreshold(db: Db | Tx, row: Selectable<CarrierThresholdsTable>): Promise<void> {
  await db
    .insertInto('carrier_thresholds')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['shop_id', 'carrier', 'scope']).doUpdateSet({ stall_hours: row.stall_hours, samples: row.samples, percentile_hours: row.percentile_hours, computed_at: row.computed_at }),
    )
    .execute();
}

export interface ScanGapStats {
  carrier: string;
  scope: 'domestic' | 'international';
  samples: number;
  percentileHours: number;
}

// The shop's own gaps between consecutive in-transit scans, per carrier and destination scope.
export async function scanGapPercentiles(db: Db, shopId: string, homeCountry: string, percentile: number): Promise<ScanGapStats[]> {
  const { rows } = await sql<{ carrier: string; scope: 'domestic' | 'international'; samples: number; hours: number }>`
    select s.carrier,
           case when upper(coalesce(o.shipping_address->>'countryCodeV2', o.shipping_address->>'country_code', '')) in ('', ${homeCountry})
                then 'domestic' else 'international' end as scope,
           count(*)::int as samples,
           percentile_cont(${percentile}) within group (order by g.gap_hours) as hours
    from (
      select e.shipment_id,
             extract(epoch from e.occurred_at - lag(e.occurred_at) over (partition by e.shipment_id order by e.occurred_at)) / 3600 as gap_hours
      from tracking_events e
      where e.shop_id = ${shopId} and e.occurred_at is not null and e.status in ('in_transit', 'out_for_delivery')
    ) g
    join shipments s on s.id = g.shipment_id
    join orders o on o.id = s.order_id
    where g.gap_hours > 0 and s.carrier is not null
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ carrier: r.carrier, scope: r.scope, samples: Number(r.samples), percentileHours: Number(r.hours) }));
}

// Shipments a time-based rule may now hold for: quiet in transit, never scanned, past the estimate,
// quiet past the lost threshold or silent until tracking expired, each only while that rule's episode
// is not already open (an open episode stays open until a tracking change re-evaluates the shipment,
// so evaluating it again with only the clock moved changes nothing); and stalls whose promised
// follow-up window has passed and that have not been followed up. Quiet is judged per carrier:
// quietSince.byCarrier (lower-case carrier names), else quietSince.otherwise.
export interface QuietCutoffs {
  byCarrier: ReadonlyMap<string, Date>;
  otherwise: Date;
}

export interface SweepCutoffs {
  quietSince: QuietCutoffs;
  createdBefore: Date;
  estimateBefore: Date;
  lostQuietSince: Date;
  silentSince: Date;
  // Silent since before this, a parcel is history: never presumed lost.
  historyBefore: Date;
  stallOpenedBefore: Date;
}

export async function shipmentsToSweep(db: Db, shopId: string, cutoffs: SweepCutoffs, afterId: string | null, limit: number) {
  const { quietSince, createdBefore, estimateBefore, lostQuietSince, silentSince, historyBefore, stallOpenedBefore } = cutoffs;
  return db
    .selectFrom('shipments')
    .select('id')
    .where('shop_id', '=', shopId)
    .where('retired_at', 'is', null)
    .where('status', 'not in', ['delivered', 'failure', 'cancelled', 'return_to_sender'])
    .where((eb) => {
      const notOpen = (...kinds: IssueKind[]) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('shipment_issues')
              .select(sql.lit(1).as('one'))
              .whereRef('shipment_issues.shipment_id', '=', 'shipments.id')
              .where('shipment_issues.kind', 'in', kinds)
              .where('shipment_issues.cleared_at', 'is', null),
          ),
        );
      // While the carrier says the parcel is returning, lost or damaged, or cannot be followed, no stall,
      // lateness or missing first scan applies (conditions.ts): the clock alone changes nothing.
      const overruled = ['returning', 'lost_or_damaged', 'tracking_error'] as const;
      const carriers = [...quietSince.byCarrier.keys()];
      const quiet = eb.or([
        ...[...quietSince.byCarrier].map(([carrier, since]) => eb.and([eb(sql`lower(carrier)`, '=', carrier), eb('last_scan_at', '<=', since)])),
        eb.and([
          carriers.length ? eb.or([eb('carrier', 'is', null), eb(sql`lower(carrier)`, 'not in', carriers)]) : eb.lit(true),
          eb('last_scan_at', '<=', quietSince.otherwise),
        ]),
      ]);
      return eb.or([
        eb.and([eb('status', 'in', ['in_transit', 'out_for_delivery']), quiet, notOpen('stalled', ...overruled)]),
        eb.and([eb('status', 'in', ['pre_transit', 'unknown']), eb('last_scan_at', 'is', null), eb('created_at', '<=', createdBefore), notOpen('never_scanned', ...overruled)]),
        eb.and([
          eb.or([eb('est_delivery_at', '<=', estimateBefore), eb.and([eb('est_delivery_at', 'is', null), eb('learned_est_delivery_at', '<=', estimateBefore)])]),
          notOpen('late', ...overruled),
        ]),
        eb.and([eb('status', 'in', ['in_transit', 'out_for_delivery']), eb('last_scan_at', '<=', lostQuietSince), eb('last_scan_at', '>', historyBefore), notOpen('lost')]),
        eb.and([
          eb('status', '!=', 'error'),
          eb.or([eb('attention', 'is', null), eb('attention', '!=', 'invalid_tracking_code')]),
          eb(eb.fn.coalesce('last_change_at', 'created_at'), '<=', silentSince),
          eb(eb.fn.coalesce('last_change_at', 'created_at'), '>', historyBefore),
          notOpen('lost'),
        ]),
        eb.exists(
          eb
            .selectFrom('shipment_issues')
            .select(sql.lit(1).as('one'))
            .whereRef('shipment_issues.shipment_id', '=', 'shipments.id')
            .where('shipment_issues.kind', '=', 'stalled')
            .where('shipment_issues.cleared_at', 'is', null)
            .where('shipment_issues.followed_up_at', 'is', null)
            .where('shipment_issues.opened_at', '<=', stallOpenedBefore),
        ),
      ]);
    })
    .$if(afterId !== null, (qb) => qb.where('id', '>', afterId!))
    .orderBy('id')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

// What an episode recorded when it opened (the situation, the threshold used…).
export async function issueDetails(db: Db | Tx, issueId: string): Promise<unknown> {
  const issue = await db.selectFrom('shipment_issues').select('details').where('id', '=', issueId).executeTakeFirst();
  return issue?.details ?? null;
}
