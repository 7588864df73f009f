import { expect } from 'chai';
import { findDispute } from '../../../db/disputes.repository.ts';
import { listShipmentsForOrder, lockShipment } from '../../../db/shipments.repository.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { da } from '../../../emails/i18n/da.ts';
import { en } from '../../../emails/i18n/en.ts';
import { fil } from '../../../emails/i18n/fil.ts';
import { interpolate } from '../../../emails/i18n/translator.ts';
import { renderEmail } from '../../../emails/render.ts';
import { resolveLostCase, type LostResolution } from '../../../domain/cases/lost-case.ts';
import { brandingFrom, composeNotification } from '../../../domain/notifications/compose.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import type { OrderNode } from '../../../domain/shopify/order-node.ts';
import { storeOrder } from '../../../domain/shopify/store-order.ts';
import { checkShipment } from '../../../domain/tracking/check-shipment.ts';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { carrierEnv, makeDue, startCarrier, trackingApi } from '../../support/tracking.ts';

const DAY = 86_400_000;
const messages = { en, da, fil };

// Support resolves a presumed-lost parcel's case: a replacement (a new parcel of the order, tracked
// like any other), a refund, or found. Each ends with one email in the shopper's language.
describe('resolving a presumed-lost parcel', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let carrier: SandboxCarrier;
  const actor = { userId: null, email: 'agent@shop.example' };

  beforeEach(async () => {
    carrier = await startCarrier();
    ctx = await createTestContext({ ...carrierEnv(carrier), SUPPORT_EMAIL: 'support@shop.example', POLL_JITTER: '0' });
  });
  afterEach(async () => {
    await ctx.close();
    await carrier.close();
  });

  const context = async () => ({ config: ctx.config, logger: ctx.logger, queue: await ctx.queue() });

  // A parcel silent for eight days, and the lost case the rules opened for it.
  async function lostParcel(order: Order) {
    const now = new Date();
    const shipment = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS', last_scan_at: new Date(now.getTime() - 8 * DAY), last_change_at: new Date(now.getTime() - 8 * DAY) });
    const queue = await ctx.queue();
    await ctx.db.transaction().execute(async (trx) => evaluateShipment(trx, (await lockShipment(trx, shipment.id))!, now, { config: ctx.config, logger: ctx.logger, queue }));
    const lostCase = await ctx.db.selectFrom('disputes').selectAll().where('shipment_id', '=', shipment.id).executeTakeFirstOrThrow();
    return { shipment, lostCase };
  }

  async function resolve(order: Order, shipment: Shipment, disputeId: string, resolution: LostResolution, replacement?: { trackingCode: string; carrier: string | null }) {
    const ctxt = await context();
    return ctx.db.transaction().execute(async (trx) => {
      const dispute = (await findDispute(trx, ctx.shop.id, disputeId))!;
      return resolveLostCase(trx, ctxt, dispute, order, shipment, { resolution, note: 'Packed with extra care this time.', actor, now: new Date(), emailShopper: true, replacement });
    });
  }

  for (const language of ['en', 'da', 'fil'] as const) {
    it(`emails each outcome in the shopper’s language (${language})`, async () => {
      const subjects = { found: 'subjectFound', reshipped: 'subjectReshipped', refunded: 'subjectRefunded' } as const;
      for (const outcome of ['found', 'reshipped', 'refunded'] as const) {
        const order = await buildOrder(ctx.db, ctx.shop.id, { customer_locale: language });
        const { shipment, lostCase } = await lostParcel(order);
        const code = outcome === 'reshipped' ? sandboxTrackingCode('delivered', Math.floor(Math.random() * 1e9)) : undefined;
        await resolve(order, shipment, lostCase.id, outcome, code ? { trackingCode: code, carrier: 'UPS' } : undefined);

        const notification = await ctx.db.selectFrom('notifications').selectAll().where('dispute_id', '=', lostCase.id).where('kind', '=', 'lost_resolved').executeTakeFirstOrThrow();
        expect(notification).to.include({ recipient: order.email, locale: language, state: 'pending' });
        const composed = await composeNotification(ctx.db, notification, shipment, order, { config: ctx.config, secretKey: TEST_SECRET });
        const email = await renderEmail({ kind: composed.kind, locale: notification.locale, props: composed.props, branding: brandingFrom(ctx.config) });
        expect(email.language).to.equal(language);
        expect(email.subject, outcome).to.equal(interpolate(messages[language].case_resolved.lost[subjects[outcome]], { order: order.name }));
        expect(email.text).to.include('Packed with extra care this time.');
        if (code) expect(email.text).to.include(code).and.include('UPS');
      }
    });
  }

  it('tracks the replacement as a new parcel of the order, which an order sync keeps', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { shopify_id: '9007199254740993777', name: '#1042', customer_locale: 'da' });
    const { shipment, lostCase } = await lostParcel(order);
    await ctx.db.updateTable('shipments').set({ fulfillment_id: '501' }).where('id', '=', shipment.id).execute();
    const code = sandboxTrackingCode('delivered', 4242);
    await resolve(order, shipment, lostCase.id, 'reshipped', { trackingCode: ` ${code.slice(0, 5)} ${code.slice(5)} `, carrier: 'USPS' });

    const replacement = (await listShipmentsForOrder(ctx.db, order.id)).find((s) => s.id !== shipment.id)!;
    expect(replacement).to.include({ tracking_code: code, declared_carrier: 'USPS', replaces_shipment_id: shipment.id, fulfillment_id: null, retired_at: null });
    expect((await findDispute(ctx.db, ctx.shop.id, lostCase.id))!).to.include({ state: 'resolved', resolution: 'reshipped', replacement_shipment_id: replacement.id });

    // Checked against the carrier like any other parcel.
    const check = { db: ctx.db, config: ctx.config, logger: ctx.logger, queue: await ctx.queue(), carrier: trackingApi(ctx.config) };
    expect(await checkShipment(check, replacement.id, await makeDue(ctx.db, replacement.id))).to.equal('checked');
    const tracked = (await listShipmentsForOrder(ctx.db, order.id)).find((s) => s.id === replacement.id)!;
    expect(tracked.tracker_id).to.be.a('string');
    expect(tracked.next_check_at).to.be.instanceOf(Date);

    // Shopify's order still lists only the first fulfillment: the replacement stays tracked. Once the
    // shop adds its number to a fulfillment, that fulfillment takes it over: no second parcel.
    const node = (fulfillments: OrderNode['fulfillments'], updatedAt: string): OrderNode => ({
      id: `gid://shopify/Order/${order.shopify_id}`,
      legacyResourceId: order.shopify_id,
      name: order.name,
      email: order.email,
      updatedAt,
      cancelledAt: null,
      customerLocale: 'da',
      customer: null,
      shippingAddress: null,
      fulfillments,
    });
    const first = { id: 'gid://shopify/Fulfillment/501', legacyResourceId: '501', status: 'SUCCESS', trackingInfo: [{ company: 'USPS', number: shipment.tracking_code, url: null }] };
    const store = (n: OrderNode) => ctx.db.transaction().execute((trx) => storeOrder(trx, ctx.shop.id, n, new Date(), ctx.logger));
    expect((await store(node([first], new Date(Date.now() + 1000).toISOString()))).retired).to.equal(0);
    const second = { id: 'gid://shopify/Fulfillment/502', legacyResourceId: '502', status: 'SUCCESS', trackingInfo: [{ company: 'USPS', number: code, url: null }] };
    await store(node([first, second], new Date(Date.now() + 2000).toISOString()));
    const parcels = await listShipmentsForOrder(ctx.db, order.id);
    expect(parcels.map((s) => [s.tracking_code, s.fulfillment_id, s.retired_at])).to.deep.equal([
      [shipment.tracking_code, '501', null],
      [code, '502', null],
    ]);
  });

  it('refuses a replacement without a tracking number, or with one another parcel has', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const { shipment, lostCase } = await lostParcel(order);
    const other = await buildShipment(ctx.db, await buildOrder(ctx.db, ctx.shop.id));
    for (const [replacement, message] of [
      [undefined, /tracking number/],
      [{ trackingCode: '  ', carrier: null }, /tracking number/],
      [{ trackingCode: 'AB#12', carrier: null }, /characters no carrier uses/],
      [{ trackingCode: other.tracking_code.toLowerCase(), carrier: null }, /already belongs/],
    ] as const) {
      let error: unknown;
      try {
        await resolve(order, shipment, lostCase.id, 'reshipped', replacement);
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(message);
    }
    expect((await findDispute(ctx.db, ctx.shop.id, lostCase.id))!.state).to.equal('open');
    expect(await listShipmentsForOrder(ctx.db, order.id)).to.have.length(1);
  });
});
