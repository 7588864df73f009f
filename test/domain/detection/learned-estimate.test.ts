import { expect } from 'chai';
import { estimateForShipment, learnDeliveryEstimates, listDeliveryEstimates } from '../../../db/delivery-estimates.repository.ts';
import { lockShipment } from '../../../db/shipments.repository.ts';
import type { Order } from '../../../db/schema.ts';
import { onShipmentChanged } from '../../../domain/after-change.ts';
import { usualDay } from '../../../domain/tracking/learned-estimate.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';

const DAY = 86_400_000;

// The estimate learned from the shop's own parcels: the 80th percentile of days from first scan to
// delivery per carrier, service and lane, once there are enough of them; set on a parcel at its first
// scan; lateness judged by it when the carrier gives no date.
describe('learned delivery estimates', () => {
  let ctx: TestContext;
  const now = new Date('2026-11-20T12:00:00Z');
  const since = new Date(now.getTime() - 180 * DAY);

  beforeEach(async () => {
    ctx = await createTestContext({ ESTIMATE_MIN_SAMPLES: '10', SHOP_COUNTRY: 'US' });
  });
  afterEach(() => ctx.close());

  const orderTo = (country: string, zip: string) =>
    buildOrder(ctx.db, ctx.shop.id, { postal_code: zip, shipping_address: JSON.stringify({ countryCodeV2: country, zip }), email: 'shopper@example.com' });

  // n delivered parcels to one place, taking 1, 2, … n days from first scan to delivery.
  async function delivered(n: number, country: string, zip: string, carrier = 'USPS', service: string | null = 'Priority') {
    for (let k = 1; k <= n; k++) {
      const firstScan = new Date(now.getTime() - 60 * DAY + k * 3_600_000);
      await buildShipment(ctx.db, await orderTo(country, zip), { carrier, service, status: 'delivered', first_scan_at: firstScan, delivered_at: new Date(firstScan.getTime() + k * DAY) });
    }
  }

  it('learns the 80th percentile per carrier, service and lane, once a lane has enough parcels', async () => {
    await delivered(10, 'US', '94105'); // lane US:941: days 1…10, p80 = 8.2
    await delivered(10, 'US', '94110-1234'); // the same lane
    await delivered(9, 'US', '10001'); // US:100: too few
    await delivered(12, 'DK', '2100'); // abroad: the country is the lane, p80 of 1…12 = 9.8
    await delivered(10, 'US', '94105', 'UPS', null); // another carrier, no service
    const learned = await learnDeliveryEstimates(ctx.db, ctx.shop.id, 'US', 10, since, now);
    expect(learned.length).to.equal(3);
    const rows = await listDeliveryEstimates(ctx.db, ctx.shop.id);
    expect(rows.map((r) => [r.carrier, r.service, r.lane, r.samples])).to.deep.equal([
      ['UPS', '', 'US:941', 10],
      ['USPS', 'Priority', 'DK', 12],
      ['USPS', 'Priority', 'US:941', 20],
    ]);
    // 1,1,2,2,…,10,10: the 80th percentile is 0.2 of the way from the 16th value (8) to the 17th (9).
    expect(rows[2].days).to.be.closeTo(8.2, 1e-9);
    expect(rows[1].days).to.be.closeTo(9.8, 1e-9);
  });

  it('forgets a lane that no longer has enough recent parcels', async () => {
    await delivered(10, 'DK', '2100');
    await learnDeliveryEstimates(ctx.db, ctx.shop.id, 'US', 10, since, now);
    expect(await listDeliveryEstimates(ctx.db, ctx.shop.id)).to.have.length(1);
    await learnDeliveryEstimates(ctx.db, ctx.shop.id, 'US', 10, new Date(now.getTime() - 10 * DAY), new Date(now.getTime() + 1000));
    expect(await listDeliveryEstimates(ctx.db, ctx.shop.id)).to.have.length(0);
  });

  describe('on a parcel', () => {
    let order: Order;
    beforeEach(async () => {
      await delivered(10, 'US', '94105');
      await learnDeliveryEstimates(ctx.db, ctx.shop.id, 'US', 10, since, now);
      order = await orderTo('US', '94107');
    });

    async function change(shipmentId: string, at: Date) {
      const queue = await ctx.queue();
      await ctx.db.transaction().execute(async (trx) => {
        const shipment = (await lockShipment(trx, shipmentId))!;
        await onShipmentChanged(trx, { shipment, previousStatus: 'pre_transit', statusChanged: true, newEvents: 1, source: 'poll', now: at }, { config: ctx.config, logger: ctx.logger, queue });
      });
      return ctx.db.selectFrom('shipments').selectAll().where('id', '=', shipmentId).executeTakeFirstOrThrow();
    }
    const openIssues = (shipmentId: string) => ctx.db.selectFrom('shipment_issues').select(['kind', 'details']).where('shipment_id', '=', shipmentId).where('cleared_at', 'is', null).execute();

    it('sets the usual day at the first scan, once, and judges lateness by it when the carrier gives no date', async () => {
      const firstScan = new Date('2026-11-20T20:00:00Z');
      const shipment = await buildShipment(ctx.db, order, { carrier: 'USPS', service: 'Priority', status: 'in_transit', first_scan_at: firstScan, last_scan_at: firstScan });
      expect(await estimateForShipment(ctx.db, shipment.id, 'US')).to.deep.equal({ days: 8.2, samples: 10 });
      const after = await change(shipment.id, firstScan);
      // 20:00 + 8.2 days = 11-29 00:48 UTC: the 29th.
      expect(after.learned_est_delivery_at?.toISOString()).to.equal('2026-11-29T00:00:00.000Z');
      expect(usualDay(firstScan, 8.2).toISOString()).to.equal('2026-11-29T00:00:00.000Z');

      // Learning again later does not move a promise already made.
      await ctx.db.updateTable('delivery_estimates').set({ days: 2 }).execute();
      expect((await change(shipment.id, firstScan)).learned_est_delivery_at?.toISOString()).to.equal('2026-11-29T00:00:00.000Z');

      // Late once that whole day and the grace (24 h by default) have passed, saying whose date it was.
      await ctx.db.updateTable('shipments').set({ last_scan_at: new Date('2026-11-30T20:00:00Z') }).where('id', '=', shipment.id).execute();
      await change(shipment.id, new Date('2026-11-30T23:00:00Z'));
      expect(await openIssues(shipment.id)).to.deep.equal([]);
      await change(shipment.id, new Date('2026-12-01T00:00:00Z'));
      const late = await openIssues(shipment.id);
      expect(late.map((i) => i.kind)).to.deep.equal(['late']);
      expect(late[0].details).to.include({ estimatedDelivery: '2026-11-29', estimateSource: 'learned' });
    });

    it('prefers the carrier’s date for lateness, and sets nothing where nothing was learned', async () => {
      const firstScan = new Date('2026-11-20T20:00:00Z');
      const withCarrierDate = await buildShipment(ctx.db, order, {
        carrier: 'USPS',
        service: 'Priority',
        status: 'in_transit',
        first_scan_at: firstScan,
        last_scan_at: new Date('2026-11-30T20:00:00Z'),
        est_delivery_at: new Date('2026-12-03T00:00:00Z'),
      });
      await change(withCarrierDate.id, new Date('2026-12-01T00:00:00Z'));
      expect(await openIssues(withCarrierDate.id)).to.deep.equal([]);

      const otherLane = await buildShipment(ctx.db, await orderTo('US', '10001'), { carrier: 'USPS', service: 'Priority', status: 'in_transit', first_scan_at: firstScan, last_scan_at: firstScan });
      expect((await change(otherLane.id, firstScan)).learned_est_delivery_at).to.equal(null);
    });
  });
});
