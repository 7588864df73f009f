import { expect } from 'chai';
import { lockShipment } from '../../../db/shipments.repository.ts';
import type { Notification, Order, Shipment } from '../../../db/schema.ts';
import { renderEmail } from '../../../emails/render.ts';
import { brandingFrom, composeNotification } from '../../../domain/notifications/compose.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { useTrackingClock } from '../../../core/clock.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';

const DAY = 86_400_000;

// The delay email's promise and the follow-up that keeps it read one setting: the window the first
// names is the window the second keeps, and the follow-up says what LOST_NEXT_STEP chose.
describe('the delay email’s promise and its follow-up, as the shopper reads them', () => {
  let ctx: TestContext;
  const t0 = new Date('2026-11-10T12:00:00Z');

  afterEach(async () => {
    useTrackingClock(() => new Date());
    await ctx?.close();
  });

  async function silentParcel(env: Record<string, string>, locale: string) {
    ctx = await createTestContext({ SHOP_NAME: 'Nordlys', EMAIL_SHIPPED: 'false', ...env });
    const order = await buildOrder(ctx.db, ctx.shop.id, { customer_locale: locale, shipping_address: JSON.stringify({ name: 'Maja Jensen', countryCodeV2: 'US' }) } as never);
    const shipment = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'PostNord', last_scan_at: t0, last_change_at: t0 });
    return { order, shipment };
  }

  async function evaluateAt(shipment: Shipment, at: Date) {
    useTrackingClock(() => at);
    const queue = await ctx.queue();
    await ctx.db.transaction().execute(async (trx) => evaluateShipment(trx, (await lockShipment(trx, shipment.id))!, at, { config: ctx.config, logger: ctx.logger, queue }));
  }

  async function rendered(kind: string, shipment: Shipment, order: Order) {
    const n: Notification = await ctx.db.selectFrom('notifications').selectAll().where('shipment_id', '=', shipment.id).where('kind', '=', kind).executeTakeFirstOrThrow();
    const composed = await composeNotification(ctx.db, n, shipment, order, { config: ctx.config, secretKey: TEST_SECRET });
    return renderEmail({ kind: composed.kind, locale: n.locale, props: composed.props, branding: brandingFrom(ctx.config), unsubscribeUrl: composed.unsubscribeUrl });
  }

  it('promises the configured window and keeps it, with the next step the shop chose', async () => {
    const { order, shipment } = await silentParcel({ STALL_FOLLOW_UP_DAYS: '2', LOST_NEXT_STEP: 'reship' }, 'en-US');
    await evaluateAt(shipment, new Date(t0.getTime() + 3 * DAY));
    const delayed = await rendered('stalled', shipment, order);
    expect(delayed.text).to.include('Please allow a few more days (up to 2) for it to arrive.');
    await evaluateAt(shipment, new Date(t0.getTime() + 5 * DAY));
    const followUp = await rendered('follow_up', shipment, order);
    expect(followUp.subject).to.equal(`An update on your order ${order.name}`);
    expect(followUp.text).to.include('PostNord hasn’t scanned it for 5 days.');
    expect(followUp.text).to.include('If there’s still no news by Tuesday, November 17, 2026, we’ll treat it as lost.');
    expect(followUp.text).to.include('If it isn’t found: We’ll send you a replacement at no extra cost');
    // The tracking link: the shopper's own lookup page.
    expect(followUp.text).to.include(`${ctx.config.PUBLIC_URL}/track/`);
    // No second apology for the wait.
    expect(followUp.text).to.not.match(/sorry/i);
  });

  it('counts working days in the promise, and says in Danish what happens when it is lost already', async () => {
    const { order, shipment } = await silentParcel({ STALL_BUSINESS_DAYS: 'true', STALL_FOLLOW_UP_DAYS: '3', LOST_AFTER_DAYS: '7', LOST_NEXT_STEP: 'ask', DISPUTE_REPLY_DAYS: '2' }, 'da-DK');
    await evaluateAt(shipment, new Date('2026-11-13T12:00:00Z'));
    expect((await rendered('stalled', shipment, order)).text).to.include('Giv den gerne et par hverdage mere (op til 3) til at nå frem.');
    await evaluateAt(shipment, new Date('2026-11-18T12:00:00Z'));
    const followUp = await rendered('follow_up', shipment, order);
    expect(followUp.subject).to.equal(`Nyt om din ordre ${order.name}`);
    expect(followUp.text).to.include('Efter så lang tid uden nyt betragter vi den nu som bortkommet.');
    expect(followUp.text).to.include('Vi kontakter dig inden for 2 hverdage, så du kan vælge mellem en ny pakke og pengene tilbage.');
  });

  it('says a refund is coming, in Filipino', async () => {
    const { order, shipment } = await silentParcel({ LOST_NEXT_STEP: 'refund' }, 'fil');
    await evaluateAt(shipment, new Date(t0.getTime() + 3 * DAY));
    await evaluateAt(shipment, new Date(t0.getTime() + 6 * DAY));
    const followUp = await rendered('follow_up', shipment, order);
    expect(followUp.subject).to.equal(`Update tungkol sa order ${order.name}`);
    expect(followUp.text).to.include('Ire-refund namin nang buo ang iyong order.');
  });
});
