import { expect } from 'chai';
import { sql } from 'kysely';
import { readAnalytics, type AnalyticsFilter } from '../../db/analytics.repository.ts';
import { createLookupCounter } from '../../domain/lookup/lookup-counter.ts';
import { ANALYTICS_NOW, ANALYTICS_ZONE, seedAnalyticsShop } from '../support/analytics-data.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

describe('analytics aggregates (a small shop worked out by hand)', () => {
  let ctx: TestContext;
  let seeded: Awaited<ReturnType<typeof seedAnalyticsShop>>;
  const week: AnalyticsFilter = { from: '2026-11-01', to: '2026-11-07', timeZone: ANALYTICS_ZONE, homeCountry: 'US', neverScannedDays: 3, now: ANALYTICS_NOW };

  const read = (f: AnalyticsFilter) => readAnalytics(ctx.db, ctx.shop.id, f);

  before(async () => {
    ctx = await createTestContext();
    seeded = await seedAnalyticsShop(ctx.db, ctx.shop.id);
  });
  after(() => ctx.close());

  it('counts the parcels shipped in the period on the shop’s calendar, and what became of them', async () => {
    expect((await read(week)).summary).to.deep.equal({
      shipped: 5, // A B C E F: C shipped on the 7th in New York, D on October 31st
      delivered: 3,
      withCarrierEstimate: 3,
      onTimeCarrier: 2, // A, and B, delivered on the 6th in New York
      withLearnedEstimate: 1,
      onTimeLearned: 1,
      oldEnoughToScan: 5,
      neverScanned: 2, // C never, E five days after its label
      returned: 1,
      expired: 1,
    });
  });

  it('judges the same parcels on another calendar: in UTC, C and D swap and B was late', async () => {
    const utc = (await read({ ...week, timeZone: 'UTC' })).summary;
    expect(utc.shipped).to.equal(5); // A B D E F
    expect(utc.onTimeCarrier).to.equal(1);
    expect(utc.expired).to.equal(0);
  });

  it('gives days to deliver from the label and from the first scan by carrier and service', async () => {
    const rows = (await read(week)).services;
    expect(rows.map((r) => [r.carrier, r.service, r.shipped, r.delivered, r.onTime, r.withEstimate])).to.deep.equal([
      ['USPS', 'Priority', 3, 3, 2, 3],
      ['UPS', 'Ground', 2, 0, 0, 0],
    ]);
    const usps = rows[0];
    // From the label: A 3.083, B 3.625, F 5.0 days.
    expect(usps.fromLabelP50).to.be.closeTo(3.625, 1e-9);
    expect(usps.fromLabelP90).to.be.closeTo(3.625 + 0.8 * (5 - 3.625), 1e-9);
    // From the first scan: A 2.875, B 3.375, F 4.792 days.
    expect(usps.fromScanP50).to.be.closeTo(3.375, 1e-9);
    expect(rows[1].fromLabelP50).to.equal(null);
  });

  it('lists every day of the period, shipped and delivered on the shop’s calendar', async () => {
    const days = (await read(week)).days;
    expect(days.map((d) => [d.day, d.shipped, d.delivered])).to.deep.equal([
      ['2026-11-01', 0, 0],
      ['2026-11-02', 1, 0],
      ['2026-11-03', 1, 0],
      ['2026-11-04', 1, 0],
      ['2026-11-05', 1, 1],
      ['2026-11-06', 0, 1],
      ['2026-11-07', 1, 0],
    ]);
  });

  it('counts issues, cases, emails and lookups about the same parcels', async () => {
    const figures = await read(week);
    expect(figures.issues).to.deep.equal([{ kind: 'stalled', parcels: 1, medianHours: 48 }]);
    expect(figures.cases).to.deep.equal([{ outcome: 'refunded', cases: 1 }]);
    expect(figures.emails).to.deep.equal([
      { kind: 'delivered', state: 'sent', reason: null, emails: 1 },
      { kind: 'shipped', state: 'failed', reason: null, emails: 1 },
      { kind: 'shipped', state: 'sent', reason: null, emails: 2 },
      { kind: 'stalled', state: 'suppressed', reason: 'opt_out', emails: 1 },
    ]);
    expect(figures.lookups).to.deep.equal({ orders: 5, lookedUp: 2, lookups: 4 });
  });

  it('filters by carrier, service, domestic or international, and country', async () => {
    const shipped = async (extra: Partial<AnalyticsFilter>) => (await read({ ...week, ...extra })).summary.shipped;
    expect(await shipped({ carrier: 'UPS' })).to.equal(2);
    expect(await shipped({ service: 'Priority' })).to.equal(3);
    expect(await shipped({ service: '' })).to.equal(0);
    expect(await shipped({ scope: 'domestic' })).to.equal(3);
    expect(await shipped({ scope: 'international' })).to.equal(2);
    expect(await shipped({ country: 'DK' })).to.equal(2);
    expect(await shipped({ country: 'DK', scope: 'domestic' })).to.equal(0);
    expect((await read({ ...week, carrier: 'UPS' })).choices).to.deep.equal({ carriers: ['UPS', 'USPS'], services: ['Ground', 'Priority'], countries: ['DK', 'US'] });
  });

  it('answers an empty period with zeros and empty lists, not errors', async () => {
    const december: AnalyticsFilter = { ...week, from: '2026-12-01', to: '2026-12-03' };
    const empty = await read(december);
    expect(empty.summary.shipped).to.equal(0);
    expect(empty.services).to.deep.equal([]);
    expect(empty.days.map((d) => d.shipped)).to.deep.equal([0, 0, 0]);
    expect(empty.lookups).to.deep.equal({ orders: 0, lookedUp: 0, lookups: 0 });
    expect(empty.choices).to.deep.equal({ carriers: [], services: [], countries: [] });
    expect(empty.emails).to.deep.equal([]);
  });

  it('counts a lookup once per call, per order and UTC day', async () => {
    const order = seeded.c.order;
    const counter = createLookupCounter(ctx.db, ctx.shop.id, ctx.logger, 3_600_000);
    counter.count(order.id, new Date('2026-11-21T23:59:00Z'));
    await counter.flush();
    counter.count(order.id, new Date('2026-11-21T00:01:00Z'));
    counter.count(order.id, new Date('2026-11-22T00:01:00Z'));
    // An order erased meanwhile does not cost the others their counts.
    counter.count('00000000-0000-4000-8000-000000000000', new Date('2026-11-22T00:01:00Z'));
    await counter.stop();
    const rows = await ctx.db.selectFrom('order_lookups').select([sql<string>`day::text`.as('day'), 'lookups']).where('order_id', '=', order.id).orderBy('day').execute();
    expect(rows.map((r) => [r.day, r.lookups])).to.deep.equal([
      ['2026-11-21', 2],
      ['2026-11-22', 1],
    ]);
  });
});
