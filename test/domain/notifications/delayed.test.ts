import { expect } from 'chai';
import { delayedKinds, hasTrackingEmail, issueKinds, type IssueKind, type TrackingEmailKind } from '../../../core/notification-kinds.ts';
import { openIssue } from '../../../db/detection.repository.ts';
import { recordFulfillmentEventPost } from '../../../db/fulfillment-event-posts.repository.ts';
import type { NewShipment, Order, Shipment } from '../../../db/schema.ts';
import { lockShipment } from '../../../db/shipments.repository.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { composeNotification } from '../../../domain/notifications/compose.ts';
import { notifyShopper } from '../../../domain/notifications/notify.ts';
import { recordShopifyWriteBack } from '../../../domain/shopify/write-back.ts';
import { presentShipment } from '../../../server/lookup/lookup.presenter.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';

const HOUR = 3_600_000;
const now = new Date('2026-11-13T20:00:00Z');
const recently = new Date(now.getTime() - HOUR);

// A carrier's own delay is a delay like a stall or a lateness: the shopper's email, the shopper's page,
// Shopify's order status page and the rules that tell Shopify all say "delayed" for the same kinds.
describe('"delayed": one membership for the email, the shopper’s page, the write-back and the rules', () => {
  let ctx: TestContext;
  let order: Order;

  beforeEach(async () => {
    ctx = await createTestContext({ SHOPIFY_WRITE_BACK: 'true' });
    order = await buildOrder(ctx.db, ctx.shop.id);
  });
  afterEach(async () => {
    await ctx.close();
  });

  // Tracked for two days, last scanned an hour ago: nothing is wrong until a test says what is.
  const parcel = (overrides: Partial<NewShipment> = {}) =>
    buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS', fulfillment_id: '7001', created_at: new Date(now.getTime() - 48 * HOUR), last_scan_at: recently, last_change_at: recently, ...overrides });
  const changeContext = async () => ({ config: ctx.config, logger: ctx.logger, queue: await ctx.queue() });
  const expectTheDelayedKinds = (kinds: string[]) => expect(kinds).to.deep.equal(delayedKinds).and.to.include('carrier_delay');

  it('writes the delay email, and keeps the minimum gap between two, for the delayed kinds', async () => {
    const emailed = issueKinds.filter((kind): kind is IssueKind & TrackingEmailKind => hasTrackingEmail(kind));
    const withDelayEmail: string[] = [];
    for (const kind of emailed) {
      const shipment = await parcel();
      const n = await buildNotification(ctx.db, shipment, { kind });
      if ((await composeNotification(ctx.db, n, shipment, order, { config: ctx.config, secretKey: TEST_SECRET })).kind === 'delayed') withDelayEmail.push(kind);
    }
    expectTheDelayedKinds(withDelayEmail);

    const shipment = await parcel();
    await buildNotification(ctx.db, shipment, { kind: 'stalled', recipient: order.email!, created_at: recently });
    const context = await changeContext();
    await ctx.db.transaction().execute(async (trx) => {
      for (const kind of emailed.filter((k) => k !== 'stalled')) await notifyShopper(trx, { shipment, order, kind, episode: 1, now }, context);
    });
    const heldBack = await ctx.db.selectFrom('notifications').select('kind').where('shipment_id', '=', shipment.id).where('suppressed_reason', '=', 'recently_notified').execute();
    expectTheDelayedKinds(['stalled', ...issueKinds.filter((kind) => heldBack.some((n) => n.kind === kind))]);
  });

  it('says delayed on the shopper’s page for the delayed kinds', async () => {
    const shipment = await parcel();
    const saysDelayed = issueKinds.filter((kind) => presentShipment({ shipment, events: [], issues: [kind] }, order, 'en', now).flags.delayed);
    expectTheDelayedKinds(saysDelayed);
  });

  it('keeps Shopify showing DELAYED while an episode of a delayed kind is open', async () => {
    const held: IssueKind[] = [];
    const context = await changeContext();
    for (const kind of issueKinds) {
      const shipment = await parcel();
      await ctx.db.transaction().execute(async (trx) => {
        await recordFulfillmentEventPost(trx, { shopId: shipment.shop_id, shipmentId: shipment.id, fulfillmentId: '7001', status: 'DELAYED', happenedAt: recently, details: {} });
        await openIssue(trx, { shopId: shipment.shop_id, shipmentId: shipment.id, kind, at: recently, details: {} });
        await recordShopifyWriteBack(trx, { shipment, previousStatus: 'in_transit', statusChanged: false, newEvents: 1, source: 'poll', now }, context);
      });
      const posts = await ctx.db.selectFrom('fulfillment_event_posts').select('status').where('shipment_id', '=', shipment.id).execute();
      if (posts.every((p) => p.status === 'DELAYED')) held.push(kind);
    }
    expectTheDelayedKinds(held);
  });

  it('tells Shopify DELAYED as an episode of a delayed kind opens, the carrier’s own delay included', async () => {
    const situations: Record<string, Partial<NewShipment>> = {
      stalled: { last_scan_at: new Date(now.getTime() - 80 * HOUR) },
      late: { est_delivery_at: new Date('2026-11-10T00:00:00Z') },
      carrier_delay: { status_detail: 'weather_delay' },
      never_scanned: { status: 'pre_transit', last_scan_at: null, created_at: new Date(now.getTime() - 5 * 24 * HOUR) },
      action_needed: { status: 'available_for_pickup' },
      returning: { status: 'return_to_sender' },
      exception: { status_detail: 'transit_exception' },
      tracking_error: { status: 'error' },
    };
    const toldDelayed: string[] = [];
    const context = await changeContext();
    for (const [kind, facts] of Object.entries(situations)) {
      const shipment: Shipment = await parcel(facts);
      await ctx.db.transaction().execute(async (trx) => evaluateShipment(trx, (await lockShipment(trx, shipment.id))!, now, context));
      const opened = await ctx.db.selectFrom('shipment_issues').select('kind').where('shipment_id', '=', shipment.id).execute();
      expect(opened.map((i) => i.kind), kind).to.deep.equal([kind]);
      const posted = await ctx.db.selectFrom('fulfillment_event_posts').select('status').where('shipment_id', '=', shipment.id).where('status', '=', 'DELAYED').execute();
      if (posted.length) toldDelayed.push(kind);
    }
    expectTheDelayedKinds(toldDelayed);
  });
});
