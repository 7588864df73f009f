import { expect } from 'chai';
import { lockShipment } from '../../../db/shipments.repository.ts';
import type { Shipment } from '../../../db/schema.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';

const HOUR = 3_600_000;

describe('detection episodes and the emails they record', () => {
  let ctx: TestContext;
  let shipment: Shipment;
  const t0 = new Date('2026-11-10T12:00:00Z');

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_EMAIL: 'support@shop.example', DELAY_EMAIL_MIN_GAP_HOURS: '0', EMAIL_SHIPPED: 'true' });
    const order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com', customer_locale: 'da-DK' });
    shipment = await buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS', last_scan_at: t0, created_at: new Date(t0.getTime() - 24 * HOUR) });
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function evaluateAt(at: Date, changes: Partial<Shipment> = {}) {
    if (Object.keys(changes).length) await ctx.db.updateTable('shipments').set(changes as never).where('id', '=', shipment.id).execute();
    // Started before the transaction: on the embedded database nothing else may run while one is open.
    const queue = await ctx.queue();
    await ctx.db.transaction().execute(async (trx) => {
      const locked = (await lockShipment(trx, shipment.id))!;
      await evaluateShipment(trx, locked, at, { config: ctx.config, logger: ctx.logger, queue });
    });
  }
  const issues = () => ctx.db.selectFrom('shipment_issues').select(['kind', 'episode', 'cleared_at']).orderBy('opened_at').execute();
  const notifications = () => ctx.db.selectFrom('notifications').select(['kind', 'episode', 'recipient', 'locale', 'state']).orderBy('created_at').execute();

  it('opens a stall episode once, clears it when the parcel moves, and opens a new episode for a later stall', async () => {
    await evaluateAt(new Date(t0.getTime() + 73 * HOUR));
    await evaluateAt(new Date(t0.getTime() + 80 * HOUR));
    expect((await issues()).map((i) => [i.kind, i.episode, i.cleared_at === null])).to.deep.equal([['stalled', 1, true]]);

    const moved = new Date(t0.getTime() + 81 * HOUR);
    await evaluateAt(moved, { last_scan_at: moved });
    expect((await issues())[0].cleared_at).to.be.instanceOf(Date);

    await evaluateAt(new Date(moved.getTime() + 73 * HOUR));
    expect((await issues()).map((i) => [i.kind, i.episode])).to.deep.equal([['stalled', 1], ['stalled', 2]]);

    const stallEmails = (await notifications()).filter((n) => n.kind === 'stalled');
    expect(stallEmails.map((n) => [n.episode, n.recipient, n.locale])).to.deep.equal([
      [1, 'shopper@example.com', 'da-DK'],
      [2, 'shopper@example.com', 'da-DK'],
    ]);
    expect((await notifications()).filter((n) => n.kind === 'alert:stalled').map((n) => n.recipient)).to.deep.equal(['support@shop.example', 'support@shop.example']);
  });

  it('records the delivered email and the shipped email once each, however often it is evaluated', async () => {
    const deliveredAt = new Date(t0.getTime() + 2 * HOUR);
    for (let i = 0; i < 3; i++) await evaluateAt(new Date(t0.getTime() + (3 + i) * HOUR), { status: 'delivered', delivered_at: deliveredAt });
    const kinds = (await notifications()).map((n) => n.kind).sort();
    expect(kinds).to.deep.equal(['delivered', 'shipped']);
  });

  it('records nothing for a kind that is switched off', async () => {
    await ctx.close();
    ctx = await createTestContext({ EMAIL_DELIVERED: 'false' });
    const order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com' });
    shipment = await buildShipment(ctx.db, order, { status: 'delivered' });
    await evaluateAt(new Date());
    expect(await notifications()).to.deep.equal([]);
  });

  it('records a second delay email inside the minimum gap as suppressed', async () => {
    await ctx.close();
    ctx = await createTestContext({ DELAY_EMAIL_MIN_GAP_HOURS: '48' });
    const order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com' });
    shipment = await buildShipment(ctx.db, order, { status: 'in_transit', last_scan_at: t0, est_delivery_at: new Date('2026-11-11T00:00:00Z') });
    await evaluateAt(new Date(t0.getTime() + 73 * HOUR));
    const rows = await notifications();
    expect(rows.map((n) => [n.kind, n.state]).sort()).to.deep.equal([
      ['late', 'suppressed'],
      ['stalled', 'pending'],
    ].sort());
  });
});
