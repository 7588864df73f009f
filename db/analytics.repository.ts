import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from './database.ts';

// Delivery analytics: aggregates over one cohort, the parcels shipped in a period (the shop's local
// days), so that the figures add up: delivery, trouble, cases, emails and lookups of those parcels.

export interface AnalyticsFilter {
  // The shop's local dates, both included (YYYY-MM-DD), in its IANA time zone.
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

// The first moment of the period: midnight of its first day, on the shop's calendar.
const periodStart = (f: AnalyticsFilter) => sql`(cast(${f.from} as date)::timestamp at time zone ${f.timeZone})`;

// The period's parcels, read once per page into a temporary table that goes with the transaction;
// `selected` marks the ones that pass the filters (the others still name the filters' choices).
async function loadCohort(trx: Tx, shopId: string, f: AnalyticsFilter): Promise<void> {
  const filters = [
    f.carrier ? sql`s.carrier = ${f.carrier}` : null,
    f.service !== undefined ? sql`coalesce(s.service, '') = ${f.service}` : null,
    f.scope === 'domestic' ? sql`${country} in ('', ${f.homeCountry})` : null,
    f.scope === 'international' ? sql`${country} not in ('', ${f.homeCountry})` : null,
    f.country ? sql`${country} = ${f.country}` : null,
  ].filter((filter) => filter !== null);
  const selected = filters.length ? sql.join(filters, sql` and `) : sql`true`;
  await sql`create temporary table analytics_cohort on commit drop as
            select s.id, s.order_id, s.carrier, coalesce(s.service, '') as service, s.status, s.attention, s.shipped_at,
                   s.first_scan_at, s.delivered_at, s.first_est_delivery_at, s.learned_est_delivery_at, ${country} as country,
                   (${selected}) as selected
            from shipments s join orders o on o.id = s.order_id
            where s.shop_id = ${shopId}
              and s.shipped_at >= ${periodStart(f)}
              and s.shipped_at < ((cast(${f.to} as date) + 1)::timestamp at time zone ${f.timeZone})`.execute(trx);
}

const cohort = sql`select * from analytics_cohort where selected`;

// Every figure of one page, from one snapshot so that they add up, over the period's parcels read
// once. PostgreSQL's JIT compilation is off for it: it costs more than it saves on these aggregates.
export async function readAnalytics(db: Db, shopId: string, f: AnalyticsFilter) {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      await loadCohort(trx, shopId, f);
      return {
        summary: await analyticsSummary(trx, f),
        services: await deliveryTimesByService(trx, f),
        days: await dailyCounts(trx, f),
        issues: await issueStats(trx, shopId),
        cases: await caseOutcomes(trx, shopId),
        emails: await emailCounts(trx, shopId, f),
        lookups: await lookupStats(trx, shopId, f),
        choices: await analyticsChoices(trx),
      };
    });
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

async function analyticsSummary(db: Tx, f: AnalyticsFilter): Promise<AnalyticsSummary> {
  const scanBy = new Date(f.now.getTime() - f.neverScannedDays * 86_400_000);
  const { rows } = await sql<Record<keyof AnalyticsSummary, number>>`
    with c as (${cohort})
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
  fromLabelP50: number | null; fromLabelP90: number | null;
  fromScanP50: number | null; fromScanP90: number | null;
}

// Days from the label and from the first scan to delivery (p50, p90), by carrier and service.
async function deliveryTimesByService(db: Tx, f: AnalyticsFilter): Promise<ServiceTimes[]> {
  const fromLabel = days(sql`c.delivered_at`, sql`c.shipped_at`);
  const fromScan = days(sql`c.delivered_at`, sql`c.first_scan_at`);
  const { rows } = await sql<ServiceTimes>`
    with c as (${cohort})
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
async function dailyCounts(db: Tx, f: AnalyticsFilter): Promise<DailyCounts[]> {
  const { rows } = await sql<DailyCounts>`
    with c as (${cohort}),
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
async function issueStats(db: Tx, shopId: string): Promise<IssueStats[]> {
  const { rows } = await sql<IssueStats>`
    with c as (${cohort})
    select i.kind as "kind", count(distinct i.shipment_id)::int as "parcels",
           percentile_cont(0.5) within group (order by extract(epoch from i.cleared_at - i.opened_at) / 3600) filter (where i.cleared_at is not null) as "medianHours"
    from shipment_issues i join c on c.id = i.shipment_id
    where i.shop_id = ${shopId} group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ ...r, medianHours: r.medianHours === null ? null : Number(r.medianHours) }));
}

// Not-received cases opened by shoppers about parcels of the cohort, by outcome ('open' while open).
async function caseOutcomes(db: Tx, shopId: string): Promise<Array<{ outcome: string; cases: number }>> {
  const { rows } = await sql<{ outcome: string; cases: number }>`
    with c as (${cohort})
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
// An email about a parcel is written after it shipped: only those since the period began (a day
// early, for clocks) are read.
async function emailCounts(db: Tx, shopId: string, f: AnalyticsFilter): Promise<EmailCounts[]> {
  const { rows } = await sql<EmailCounts>`
    with c as (${cohort}),
    since as (select ${periodStart(f)} - interval '1 day' as at),
    about as (
      select n.kind, n.state, n.suppressed_reason from c join notifications n on n.shipment_id = c.id
      where n.shop_id = ${shopId} and n.created_at >= (select at from since)
      union all
      select n.kind, n.state, n.suppressed_reason from (select distinct order_id from c) co
        join notifications n on n.order_id = co.order_id and n.shipment_id is null
    )
    select kind as "kind", state as "state", suppressed_reason as "reason", count(*)::int as "emails"
    from about
    group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return rows;
}

export interface LookupStats {
  orders: number;
  lookedUp: number;
  lookups: number;
}

// The cohort's orders, how many of them shoppers looked up, and how many lookups in all (from a month
// before the period: a shopper may ask before the parcel leaves).
async function lookupStats(db: Tx, shopId: string, f: AnalyticsFilter): Promise<LookupStats> {
  const { rows } = await sql<LookupStats>`
    with c as (${cohort}),
    looked_up as (
      select l.order_id, sum(l.lookups) as n from order_lookups l
      where l.shop_id = ${shopId} and l.day >= cast(${f.from} as date) - 30
      group by l.order_id
    ),
    per_order as (
      select co.order_id, looked_up.n from (select distinct order_id from c) co left join looked_up using (order_id)
    )
    select count(*)::int as "orders", count(*) filter (where n > 0)::int as "lookedUp", coalesce(sum(n), 0)::int as "lookups" from per_order`.execute(db);
  return rows[0];
}

// The carriers, services and destination countries of the period's parcels, whatever the filters
// say: the choices the filters offer.
async function analyticsChoices(db: Tx): Promise<{ carriers: string[]; services: string[]; countries: string[] }> {
  const { rows } = await sql<{ carriers: string[] | null; services: string[] | null; countries: string[] | null }>`
    select array_agg(distinct carrier order by carrier) filter (where carrier is not null) as carriers,
           array_agg(distinct service order by service) filter (where service <> '') as services,
           array_agg(distinct country order by country) filter (where country <> '') as countries
    from analytics_cohort`.execute(db);
  return { carriers: rows[0]?.carriers ?? [], services: rows[0]?.services ?? [], countries: rows[0]?.countries ?? [] };
}
