import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.ts';

// Delivery analytics: aggregates over the parcels shipped in a period (the shop's local days), read
// with indexed SQL. Every figure is about that one cohort, so they add up: the parcels shipped, how
// they were delivered, what went wrong with them, the cases and emails about them, and how often
// their orders were looked up.

export interface AnalyticsFilter {
  // The shop's local dates, both included (YYYY-MM-DD), and its IANA time zone.
  from: string;
  to: string;
  timeZone: string;
  homeCountry: string;
  carrier?: string;
  service?: string;
  scope?: 'domestic' | 'international';
  country?: string;
  // A parcel with no scan within this many days of its label was "never scanned".
  neverScannedDays: number;
  now: Date;
}

const country = sql`upper(coalesce(o.shipping_address->>'countryCodeV2', o.shipping_address->>'country_code', ''))`;
const days = (later: RawBuilder<unknown>, earlier: RawBuilder<unknown>) => sql`extract(epoch from ${later} - ${earlier}) / 86400`;

// The parcels shipped in the period that pass the filters.
function cohort(shopId: string, f: AnalyticsFilter): RawBuilder<unknown> {
  const filters = [
    f.carrier ? sql`and s.carrier = ${f.carrier}` : sql``,
    f.service !== undefined ? sql`and coalesce(s.service, '') = ${f.service}` : sql``,
    f.scope === 'domestic' ? sql`and ${country} in ('', ${f.homeCountry})` : sql``,
    f.scope === 'international' ? sql`and ${country} not in ('', ${f.homeCountry})` : sql``,
    f.country ? sql`and ${country} = ${f.country}` : sql``,
  ];
  return sql`select s.id, s.order_id, s.carrier, coalesce(s.service, '') as service, s.status, s.attention, s.shipped_at,
                    s.first_scan_at, s.delivered_at, s.first_est_delivery_at, s.learned_est_delivery_at, ${country} as country
             from shipments s join orders o on o.id = s.order_id
             where s.shop_id = ${shopId}
               and s.shipped_at >= (cast(${f.from} as date)::timestamp at time zone ${f.timeZone})
               and s.shipped_at < ((cast(${f.to} as date) + 1)::timestamp at time zone ${f.timeZone})
               ${sql.join(filters, sql` `)}`;
}

// Delivered by the estimate's day (estimates are calendar dates, kept as UTC midnights), judged on the
// shop's local calendar.
const onTime = (f: AnalyticsFilter, estimate: string) =>
  sql`(c.delivered_at at time zone ${f.timeZone})::date <= (${sql.ref(`c.${estimate}`)} at time zone 'UTC')::date`;

export interface AnalyticsSummary {
  shipped: number;
  delivered: number;
  withCarrierEstimate: number;
  onTimeCarrier: number;
  withLearnedEstimate: number;
  onTimeLearned: number;
  oldEnoughToScan: number;
  neverScanned: number;
  returned: number;
  expired: number;
}

export async function analyticsSummary(db: Db, shopId: string, f: AnalyticsFilter): Promise<AnalyticsSummary> {
  const scanBy = new Date(f.now.getTime() - f.neverScannedDays * 86_400_000);
  const { rows } = await sql<Record<keyof AnalyticsSummary, number>>`
    with c as (${cohort(shopId, f)})
    select count(*)::int as "shipped",
           count(c.delivered_at)::int as "delivered",
           count(*) filter (where c.delivered_at is not null and c.first_est_delivery_at is not null)::int as "withCarrierEstimate",
           count(*) filter (where c.delivered_at is not null and c.first_est_delivery_at is not null and ${onTime(f, 'first_est_delivery_at')})::int as "onTimeCarrier",
           count(*) filter (where c.delivered_at is not null and c.learned_est_delivery_at is not null)::int as "withLearnedEstimate",
           count(*) filter (where c.delivered_at is not null and c.learned_est_delivery_at is not null and ${onTime(f, 'learned_est_delivery_at')})::int as "onTimeLearned",
           count(*) filter (where c.shipped_at <= ${scanBy})::int as "oldEnoughToScan",
           count(*) filter (where c.shipped_at <= ${scanBy}
                              and (c.first_scan_at is null or c.first_scan_at > c.shipped_at + make_interval(days => ${f.neverScannedDays})))::int as "neverScanned",
           count(*) filter (where c.status = 'return_to_sender')::int as "returned",
           count(*) filter (where c.attention = 'tracking_expired')::int as "expired"
    from c`.execute(db);
  return rows[0];
}

export interface ServiceTimes {
  carrier: string;
  service: string;
  shipped: number;
  delivered: number;
  onTime: number;
  withEstimate: number;
  fromLabelP50: number | null;
  fromLabelP90: number | null;
  fromScanP50: number | null;
  fromScanP90: number | null;
}

// Days to deliver, from the label and from the first scan (p50, p90), by carrier and service.
export async function deliveryTimesByService(db: Db, shopId: string, f: AnalyticsFilter): Promise<ServiceTimes[]> {
  const fromLabel = days(sql`c.delivered_at`, sql`c.shipped_at`);
  const fromScan = days(sql`c.delivered_at`, sql`c.first_scan_at`);
  const { rows } = await sql<ServiceTimes>`
    with c as (${cohort(shopId, f)})
    select coalesce(c.carrier, '') as "carrier", c.service as "service",
           count(*)::int as "shipped", count(c.delivered_at)::int as "delivered",
           count(*) filter (where c.delivered_at is not null and c.first_est_delivery_at is not null and ${onTime(f, 'first_est_delivery_at')})::int as "onTime",
           count(*) filter (where c.delivered_at is not null and c.first_est_delivery_at is not null)::int as "withEstimate",
           percentile_cont(0.5) within group (order by ${fromLabel}) filter (where c.delivered_at is not null) as "fromLabelP50",
           percentile_cont(0.9) within group (order by ${fromLabel}) filter (where c.delivered_at is not null) as "fromLabelP90",
           percentile_cont(0.5) within group (order by ${fromScan}) filter (where c.delivered_at is not null and c.first_scan_at is not null) as "fromScanP50",
           percentile_cont(0.9) within group (order by ${fromScan}) filter (where c.delivered_at is not null and c.first_scan_at is not null) as "fromScanP90"
    from c group by 1, 2 order by count(*) desc, 1, 2`.execute(db);
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    ...r,
    fromLabelP50: number(r.fromLabelP50),
    fromLabelP90: number(r.fromLabelP90),
    fromScanP50: number(r.fromScanP50),
    fromScanP90: number(r.fromScanP90),
  }));
}

export interface DailyCounts {
  day: string;
  shipped: number;
  delivered: number;
}

// Per local day of the period: parcels shipped that day, and parcels of the cohort delivered that day.
export async function dailyCounts(db: Db, shopId: string, f: AnalyticsFilter): Promise<DailyCounts[]> {
  const { rows } = await sql<DailyCounts>`
    with c as (${cohort(shopId, f)}),
    calendar as (select d::date as day from generate_series(cast(${f.from} as date), cast(${f.to} as date), interval '1 day') d),
    shipped as (select (c.shipped_at at time zone ${f.timeZone})::date as day, count(*)::int as n from c group by 1),
    delivered as (select (c.delivered_at at time zone ${f.timeZone})::date as day, count(*)::int as n from c where c.delivered_at is not null group by 1)
    select to_char(calendar.day, 'YYYY-MM-DD') as "day", coalesce(shipped.n, 0) as "shipped", coalesce(delivered.n, 0) as "delivered"
    from calendar left join shipped using (day) left join delivered using (day) order by calendar.day`.execute(db);
  return rows;
}

export interface IssueStats {
  kind: string;
  parcels: number;
  medianHours: number | null;
}

// Parcels of the cohort that had each kind of issue, and the median length of the episodes that ended.
export async function issueStats(db: Db, shopId: string, f: AnalyticsFilter): Promise<IssueStats[]> {
  const { rows } = await sql<IssueStats>`
    with c as (${cohort(shopId, f)})
    select i.kind as "kind", count(distinct i.shipment_id)::int as "parcels",
           percentile_cont(0.5) within group (order by extract(epoch from i.cleared_at - i.opened_at) / 3600) filter (where i.cleared_at is not null) as "medianHours"
    from shipment_issues i join c on c.id = i.shipment_id
    where i.shop_id = ${shopId} group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ ...r, medianHours: r.medianHours === null ? null : Number(r.medianHours) }));
}

// Not-received cases opened by shoppers about parcels of the cohort, by outcome ('open' while open).
export async function caseOutcomes(db: Db, shopId: string, f: AnalyticsFilter): Promise<Array<{ outcome: string; cases: number }>> {
  const { rows } = await sql<{ outcome: string; cases: number }>`
    with c as (${cohort(shopId, f)})
    select coalesce(d.resolution, 'open') as "outcome", count(*)::int as "cases"
    from disputes d join c on c.id = d.shipment_id
    where d.shop_id = ${shopId} and d.source = 'shopper' group by 1 order by 1`.execute(db);
  return rows;
}

export interface EmailCounts {
  kind: string;
  state: string;
  reason: string | null;
  emails: number;
}

// Emails about the cohort's parcels (or, for order-wide emails, about their orders), by kind and state.
export async function emailCounts(db: Db, shopId: string, f: AnalyticsFilter): Promise<EmailCounts[]> {
  const { rows } = await sql<EmailCounts>`
    with c as (${cohort(shopId, f)})
    select n.kind as "kind", n.state as "state", n.suppressed_reason as "reason", count(*)::int as "emails"
    from notifications n
    where n.shop_id = ${shopId}
      and (n.shipment_id in (select id from c) or (n.shipment_id is null and n.order_id in (select order_id from c)))
    group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return rows;
}

export interface LookupStats {
  orders: number;
  lookedUp: number;
  lookups: number;
}

// The cohort's orders, how many of them shoppers looked up, and how many lookups in all.
export async function lookupStats(db: Db, shopId: string, f: AnalyticsFilter): Promise<LookupStats> {
  const { rows } = await sql<LookupStats>`
    with c as (${cohort(shopId, f)}),
    per_order as (
      select co.order_id, (select sum(l.lookups) from order_lookups l where l.shop_id = ${shopId} and l.order_id = co.order_id) as n
      from (select distinct order_id from c) co
    )
    select count(*)::int as "orders", count(*) filter (where n > 0)::int as "lookedUp", coalesce(sum(n), 0)::int as "lookups" from per_order`.execute(db);
  return rows[0];
}

// The carriers, services and destination countries of the period's parcels, whatever the other
// filters say: the choices the filters offer.
export async function analyticsChoices(db: Db, shopId: string, f: AnalyticsFilter): Promise<{ carriers: string[]; services: string[]; countries: string[] }> {
  const period = { ...f, carrier: undefined, service: undefined, scope: undefined, country: undefined };
  const { rows } = await sql<{ carriers: string[] | null; services: string[] | null; countries: string[] | null }>`
    with c as (${cohort(shopId, period)})
    select array_agg(distinct carrier order by carrier) filter (where carrier is not null) as carriers,
           array_agg(distinct service order by service) filter (where service <> '') as services,
           array_agg(distinct country order by country) filter (where country <> '') as countries
    from c`.execute(db);
  return { carriers: rows[0]?.carriers ?? [], services: rows[0]?.services ?? [], countries: rows[0]?.countries ?? [] };
}

// One lookup of an order, counted on its UTC day.
export async function recordOrderLookup(db: Db, shopId: string, orderId: string, at: Date): Promise<void> {
  await sql`insert into order_lookups (shop_id, order_id, day, lookups) values (${shopId}, ${orderId}, ${at.toISOString().slice(0, 10)}, 1)
            on conflict (shop_id, order_id, day) do update set lookups = order_lookups.lookups + 1`.execute(db);
}
