import { expect } from 'chai';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import { reconcileOrders } from '../../../domain/shopify/reconcile-orders.ts';
import { shopifyEventStatus } from '../../../domain/shopify/write-back.ts';
import { sweepDetectionJob } from '../../../jobs/sweep-detection.job.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { onShipmentChanged } from '../../../domain/after-change.ts';
import { lockShipment } from '../../../db/shipments.repository.ts';
import type { Shipment } from '../../../db/schema.ts';
import { useTrackingClock } from '../../../core/clock.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { shopEnv, startShop } from '../../support/shopify.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';
import { waitFor } from '../../support/wait.ts';

const HOUR = 3_600_000;

describe('writing tracking back to Shopify', function () {
  this.timeout(90_000);
  let shop: SandboxShop;
  let carrier: SandboxCarrier;
  let ctx: TestContext;

  beforeEach(async () => {
    shop = await startShop({ shopDomain: 'write-back.myshopify.com' });
    carrier = await startCarrier();
    ctx = await createTestContext({ ...shopEnv(shop), ...carrierEnv(carrier), SHOPIFY_WRITE_BACK: 'true', POLL_JITTER: '0' });
  });
  afterEach(async () => {
    await ctx.close();
    await carrier.close();
    await shop.close();
  });

  it('maps EasyPost statuses to Shopify fulfillment events', () => {
    expect(shopifyEventStatus('in_transit', 'arrived_at_facility')).to.equal('IN_TRANSIT');
    expect(shopifyEventStatus('in_transit', 'delivery_exception')).to.equal('ATTEMPTED_DELIVERY');
    expect(shopifyEventStatus('out_for_delivery', null)).to.equal('OUT_FOR_DELIVERY');
    expect(shopifyEventStatus('delivered', null)).to.equal('DELIVERED');
    expect(shopifyEventStatus('available_for_pickup', null)).to.equal('READY_FOR_PICKUP');
    expect(shopifyEventStatus('return_to_sender', null)).to.equal('FAILURE');
    expect(shopifyEventStatus('pre_transit', null)).to.equal(null);
    for (const detail of ['delayed', 'weather_delay', 'missorted', 'transit_exception', 'awaiting_information']) expect(shopifyEventStatus('in_transit', detail), detail).to.equal('DELAYED');
    for (const detail of ['lost', 'damaged', 'refused', 'return']) expect(shopifyEventStatus('in_transit', detail), detail).to.equal('FAILURE');
    expect(shopifyEventStatus('in_transit', 'arrived_at_pickup_location')).to.equal('READY_FOR_PICKUP');
    expect(shopifyEventStatus('in_transit', 'address_correction')).to.equal('ATTEMPTED_DELIVERY');
    // Values EasyPost never sends change nothing; a delivered parcel stays delivered whatever the detail.
    expect(shopifyEventStatus('in_transit', 'attempted_delivery')).to.equal('IN_TRANSIT');
    expect(shopifyEventStatus('delivered', 'damaged')).to.equal('DELIVERED');
    expect(shopifyEventStatus('error', 'unknown')).to.equal(null);
  });

  it('posts each status change of a parcel once, from label to delivery', async () => {
    const admin = new ShopifyAdmin(ctx.config, ctx.logger);
    const order = shop.createOrder();
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: [sandboxTrackingCode('delivered', 8801)], company: 'USPS' });
    await reconcileOrders({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger }, { defaultSince: new Date(Date.now() - HOUR) });
    await ctx.startWorkers({ shopify: admin });
    const shipment = await ctx.db.selectFrom('shipments').selectAll().executeTakeFirstOrThrow();
    const check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) };

    for (let step = 0; step < 20; step++) {
      await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id));
      // Checked twice at each moment: a repeated snapshot posts nothing new.
      await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id));
      const current = await ctx.db.selectFrom('shipments').select('status').where('id', '=', shipment.id).executeTakeFirstOrThrow();
      if (current.status === 'delivered') break;
      carrier.clock.advance(6 * HOUR);
    }
    await waitFor(async () => {
      const posts = await ctx.db.selectFrom('fulfillment_event_posts').select('posted_at').execute();
      return posts.length >= 3 && posts.every((p) => p.posted_at !== null);
    });
    // Posts run as concurrent jobs; Shopify shows the events by when they happened.
    const events = shop.fulfillmentEvents(fulfillment.id).sort((a, b) => Date.parse(a.happenedAt ?? '') - Date.parse(b.happenedAt ?? ''));
    expect(events.map((e) => e.status)).to.deep.equal(['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
  });

  it('tells Shopify a silent parcel is DELAYED once, then FAILURE once when it is presumed lost', async () => {
    const admin = new ShopifyAdmin(ctx.config, ctx.logger);
    const order = shop.createOrder();
    const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: [sandboxTrackingCode('stalled', 8802)], company: 'USPS' });
    await reconcileOrders({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger }, { defaultSince: new Date(Date.now() - HOUR) });
    const queue = await ctx.startWorkers({ shopify: admin });
    useTrackingClock(() => carrier.clock.now());
    try {
      const shipment = await ctx.db.selectFrom('shipments').selectAll().executeTakeFirstOrThrow();
      const check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue, carrier: trackingApi(ctx.config) };
      const sweep = () => sweepDetectionJob.run({}, { db: ctx.db, config: ctx.config, logger: ctx.logger, queue, shopId: ctx.shop.id, carrier: undefined, shopify: undefined, mailer: undefined }, { id: 'sweep', retryCount: 0, signal: new AbortController().signal });
      // The parcel travels for two days, then goes silent for good.
      for (let step = 0; step < 8; step++) {
        await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id, carrier.clock.now()));
        carrier.clock.advance(6 * HOUR);
      }
      carrier.clock.advance(4 * 24 * HOUR);
      await checkShipment(check, shipment.id, await makeDue(ctx.db, shipment.id, carrier.clock.now()));
      await sweep();
      await sweep();
      carrier.clock.advance(5 * 24 * HOUR);
      await sweep();
      await sweep();
      const kinds = await ctx.db.selectFrom('shipment_issues').select('kind').where('cleared_at', 'is', null).execute();
      // Stalled and then late too: one DELAYED for both.
      expect(kinds.map((k) => k.kind).sort()).to.deep.equal(['late', 'lost', 'stalled']);
      await waitFor(async () => (await ctx.db.selectFrom('fulfillment_event_posts').select('posted_at').where('posted_at', 'is', null).execute()).length === 0);
      const events = shop.fulfillmentEvents(fulfillment.id).sort((a, b) => Date.parse(a.happenedAt ?? '') - Date.parse(b.happenedAt ?? ''));
      expect(events.map((e) => e.status)).to.deep.equal(['IN_TRANSIT', 'DELAYED', 'FAILURE']);
    } finally {
      useTrackingClock(() => new Date());
    }
  });

  it('posts DELAYED again only for a new episode, after the parcel moved', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    let shipment = await buildShipment(ctx.db, order, { status: 'in_transit', fulfillment_id: '7001', last_scan_at: new Date('2026-11-10T12:00:00Z'), last_event_at: new Date('2026-11-10T12:00:00Z') });
    const queue = await ctx.queue();
    const context = { config: ctx.config, logger: ctx.logger, queue };
    const evaluateAt = (at: Date, changes: Partial<Shipment> = {}) =>
      ctx.db.transaction().execute(async (trx) => {
        if (Object.keys(changes).length) await trx.updateTable('shipments').set(changes as never).where('id', '=', shipment.id).execute();
        shipment = (await lockShipment(trx, shipment.id))!;
        if (Object.keys(changes).length) await onShipmentChanged(trx, { shipment, previousStatus: 'in_transit', statusChanged: false, newEvents: 1, source: 'poll', now: at }, context);
        else await evaluateShipment(trx, shipment, at, context);
      });
    const posts = async () => (await ctx.db.selectFrom('fulfillment_event_posts').select(['status']).orderBy('happened_at').execute()).map((p) => p.status);

    await evaluateAt(new Date('2026-11-13T13:00:00Z'));
    await evaluateAt(new Date('2026-11-13T18:00:00Z'));
    // A poll that brings only a new estimate, no scan: Shopify keeps showing the delay.
    await evaluateAt(new Date('2026-11-14T09:00:00Z'), { est_delivery_at: new Date('2026-11-20T00:00:00Z') });
    expect(await posts()).to.deep.equal(['DELAYED']);
    const moved = new Date('2026-11-14T10:00:00Z');
    await evaluateAt(moved, { last_scan_at: moved, last_event_at: moved });
    expect(await posts()).to.deep.equal(['DELAYED', 'IN_TRANSIT']);
    await evaluateAt(new Date('2026-11-17T11:00:00Z'));
    expect(await posts()).to.deep.equal(['DELAYED', 'IN_TRANSIT', 'DELAYED']);
  });
});
