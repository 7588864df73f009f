import { expect } from 'chai';
import { lockShipment } from '../../../db/shipments.repository.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// A parcel that goes silent: the stall's email promises to come back within STALL_FOLLOW_UP_DAYS; the
// follow-up keeps that promise when the window ends and the parcel is still silent; after
// LOST_AFTER_DAYS (or its international twin, or tracking's expiry) it is presumed lost, a case for
// support; and when it moves again the case closes by itself and the shopper hears it once.
describe('presumed-lost parcels and the promised follow-up', () => {
  let ctx: TestContext;
  let order: Order;
  const t0 = new Date('2026-11-10T12:00:00Z'); // a Tuesday
  const at = (ms: number) => new Date(t0.getTime() + ms);

  async function start(env: Record<string, string> = {}, orderFields: Record<string, unknown> = {}) {
    ctx = await createTestContext({ SUPPORT_EMAIL: 'support@shop.example', EMAIL_SHIPPED: 'false', DELAY_EMAIL_MIN_GAP_HOURS: '0', ...env });
    order = await buildOrder(ctx.db, ctx.shop.id, { email: 'shopper@example.com', customer_locale: 'da-DK', ...orderFields } as never);
  }
  afterEach(async () => {
    await ctx.close();
  });

  const parcel = (fields: Partial<Shipment> = {}) =>
    buildShipment(ctx.db, order, { status: 'in_transit', carrier: 'USPS', last_scan_at: t0, created_at: at(-DAY), last_change_at: t0, ...fields } as never);

  async function evaluateAt(shipment: Shipment, when: Date, changes: Partial<Shipment> = {}) {
    if (Object.keys(changes).length) await ctx.db.updateTable('shipments').set(changes as never).where('id', '=', shipment.id).execute();
    const queue = await ctx.queue();
    await ctx.db.transaction().execute(async (trx) => {
      const locked = (await lockShipment(trx, shipment.id))!;
      await evaluateShipment(trx, locked, when, { config: ctx.config, logger: ctx.logger, queue });
    });
  }
  const emails = (shipment: Shipment) =>
    ctx.db.selectFrom('notifications').select(['kind', 'episode', 'dispute_id']).where('shipment_id', '=', shipment.id).orderBy('created_at').orderBy('kind').execute();
  const kindsOf = async (shipment: Shipment) => (await emails(shipment)).map((n) => n.kind);
  const openIssues = async (shipment: Shipment) =>
    (await ctx.db.selectFrom('shipment_issues').select(['kind', 'episode']).where('shipment_id', '=', shipment.id).where('cleared_at', 'is', null).execute()).map((i) => `${i.kind}#${i.episode}`).sort();
  const cases = (shipment: Shipment) => ctx.db.selectFrom('disputes').selectAll().where('shipment_id', '=', shipment.id).execute();

  describe('the follow-up', () => {
    it('goes out when the window the delay email named ends, once, not a minute before', async () => {
      await start();
      const shipment = await parcel();
      const stalledAt = at(72 * HOUR);
      await evaluateAt(shipment, stalledAt);
      expect(await kindsOf(shipment)).to.deep.equal(['alert:stalled', 'stalled']);

      await evaluateAt(shipment, new Date(stalledAt.getTime() + 3 * DAY - 60_000));
      expect(await kindsOf(shipment)).to.not.include('follow_up');
      await evaluateAt(shipment, new Date(stalledAt.getTime() + 3 * DAY));
      await evaluateAt(shipment, new Date(stalledAt.getTime() + 3 * DAY + 8 * HOUR));
      const followUps = (await emails(shipment)).filter((n) => n.kind === 'follow_up');
      expect(followUps.map((n) => n.episode)).to.deep.equal([1]);
      const [stall] = await ctx.db.selectFrom('shipment_issues').select(['followed_up_at']).where('shipment_id', '=', shipment.id).where('kind', '=', 'stalled').execute();
      expect(stall.followed_up_at?.toISOString()).to.equal(new Date(stalledAt.getTime() + 3 * DAY).toISOString());
    });

    it('counts the window in working days when STALL_BUSINESS_DAYS', async () => {
      await start({ STALL_BUSINESS_DAYS: 'true', LOST_AFTER_DAYS: '20' });
      const shipment = await parcel();
      // 72 working hours after Tuesday noon: Friday noon.
      const friday = new Date('2026-11-13T12:00:00Z');
      await evaluateAt(shipment, friday);
      expect(await openIssues(shipment)).to.deep.equal(['stalled#1']);
      // Three working days from Friday noon end on Wednesday noon, not on Monday noon.
      await evaluateAt(shipment, new Date('2026-11-16T12:00:00Z'));
      await evaluateAt(shipment, new Date('2026-11-18T11:59:00Z'));
      expect(await kindsOf(shipment)).to.not.include('follow_up');
      await evaluateAt(shipment, new Date('2026-11-18T12:00:00Z'));
      expect((await kindsOf(shipment)).filter((k) => k === 'follow_up')).to.have.length(1);
    });

    it('is not sent when the parcel moved within the window', async () => {
      await start();
      const shipment = await parcel();
      const stalledAt = at(72 * HOUR);
      await evaluateAt(shipment, stalledAt);
      const scan = new Date(stalledAt.getTime() + DAY);
      await evaluateAt(shipment, scan, { last_scan_at: scan, last_change_at: scan });
      await evaluateAt(shipment, new Date(stalledAt.getTime() + 3 * DAY));
      expect(await kindsOf(shipment)).to.deep.equal(['alert:stalled', 'stalled']);
    });

    it('is decided once even when no email can go, so the episode is not looked at again', async () => {
      await start({ EMAIL_DELAYED: 'false' });
      const shipment = await parcel();
      await evaluateAt(shipment, at(72 * HOUR));
      await evaluateAt(shipment, at(6 * DAY));
      expect(await kindsOf(shipment)).to.deep.equal(['alert:stalled']);
      const [stall] = await ctx.db.selectFrom('shipment_issues').select(['followed_up_at']).where('kind', '=', 'stalled').execute();
      expect(stall.followed_up_at).to.be.instanceOf(Date);
    });
  });

  describe('presumed lost', () => {
    it('after LOST_AFTER_DAYS without a scan: one case, one alert to support, no email to the shopper', async () => {
      await start();
      const shipment = await parcel();
      await evaluateAt(shipment, at(3 * DAY));
      await evaluateAt(shipment, at(6 * DAY));
      await evaluateAt(shipment, at(7 * DAY - 60_000));
      expect(await cases(shipment)).to.deep.equal([]);
      await evaluateAt(shipment, at(7 * DAY));
      await evaluateAt(shipment, at(7 * DAY + HOUR));
      expect(await openIssues(shipment)).to.deep.equal(['lost#1', 'stalled#1']);
      const [lostCase, ...others] = await cases(shipment);
      expect(others).to.deep.equal([]);
      expect(lostCase).to.include({ source: 'lost', state: 'open', delivered_when_opened: false, repeat_flag: null });
      const evidence = lostCase.evidence as { silence: { reason: string; daysSilent: number; thresholdDays: number }; parcelEmails: Array<{ kind: string }> };
      expect(evidence.silence).to.include({ reason: 'no_scan', daysSilent: 7, thresholdDays: 7 });
      expect(evidence.parcelEmails.map((e) => e.kind)).to.include.members(['stalled', 'follow_up']);
      const sent = await emails(shipment);
      expect(sent.filter((n) => n.kind === 'alert:presumed_lost').map((n) => n.dispute_id)).to.deep.equal([lostCase.id]);
      expect(sent.map((n) => n.kind).filter((k) => !k.startsWith('alert:'))).to.deep.equal(['stalled', 'follow_up']);
    });

    it('after LOST_AFTER_DAYS_INTERNATIONAL for a parcel leaving the shop’s country', async () => {
      await start({ SHOP_COUNTRY: 'US' }, { shipping_address: JSON.stringify({ name: 'Mette', countryCodeV2: 'DK' }) });
      const shipment = await parcel();
      await evaluateAt(shipment, at(13 * DAY));
      expect(await cases(shipment)).to.deep.equal([]);
      await evaluateAt(shipment, at(14 * DAY));
      expect((await cases(shipment)).map((c) => c.source)).to.deep.equal(['lost']);
    });

    it('when tracking expires before delivery', async () => {
      await start();
      const shipment = await parcel({ status: 'pre_transit', last_scan_at: null, last_change_at: null, created_at: t0 } as never);
      await evaluateAt(shipment, at(30 * DAY - HOUR));
      expect(await cases(shipment)).to.deep.equal([]);
      await evaluateAt(shipment, at(30 * DAY));
      const [lostCase] = await cases(shipment);
      expect((lostCase.evidence as { silence: { reason: string } }).silence.reason).to.equal('tracking_expired');
    });
  });

  describe('moving again', () => {
    it('closes the lost case by itself and tells the shopper once', async () => {
      await start();
      const shipment = await parcel();
      await evaluateAt(shipment, at(3 * DAY));
      await evaluateAt(shipment, at(6 * DAY));
      await evaluateAt(shipment, at(8 * DAY));
      const scan = at(9 * DAY);
      await evaluateAt(shipment, scan, { last_scan_at: scan, last_change_at: scan });
      await evaluateAt(shipment, at(9 * DAY + HOUR));
      const [found] = await cases(shipment);
      expect(found).to.include({ state: 'resolved', resolution: 'found', resolved_by: null, resolution_note: null });
      expect(await openIssues(shipment)).to.deep.equal([]);
      const goodNews = (await emails(shipment)).filter((n) => n.kind === 'lost_resolved' || n.kind === 'parcel_found');
      expect(goodNews.map((n) => [n.kind, n.dispute_id])).to.deep.equal([['lost_resolved', found.id]]);
      const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor']).where('subject_id', '=', found.id).orderBy('created_at').execute();
      expect(audit.map((a) => `${a.action} by ${a.actor}`)).to.deep.equal(['dispute.opened by tracking', 'dispute.resolved by tracking']);
    });

    it('tells a shopper who had the follow-up, before any case, that the parcel moves again', async () => {
      await start();
      const shipment = await parcel();
      await evaluateAt(shipment, at(3 * DAY));
      await evaluateAt(shipment, at(6 * DAY));
      const scan = at(6 * DAY + 12 * HOUR);
      await evaluateAt(shipment, scan, { last_scan_at: scan, last_change_at: scan });
      await evaluateAt(shipment, at(6 * DAY + 13 * HOUR));
      expect(await kindsOf(shipment)).to.deep.equal(['alert:stalled', 'stalled', 'follow_up', 'parcel_found']);
    });

    it('leaves the good news to the delivered email when the parcel is delivered', async () => {
      await start();
      const shipment = await parcel();
      await evaluateAt(shipment, at(8 * DAY));
      const delivered = at(9 * DAY);
      await evaluateAt(shipment, delivered, { status: 'delivered', delivered_at: delivered, last_scan_at: delivered, last_change_at: delivered });
      const [found] = await cases(shipment);
      expect(found).to.include({ state: 'resolved', resolution: 'found' });
      expect((await kindsOf(shipment)).filter((k) => !k.startsWith('alert:'))).to.deep.equal(['stalled', 'delivered']);
    });
  });
});
