import { expect } from 'chai';
import type { Tx } from '../../../db/database.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { createMailer } from '../../../emails/transport.ts';
import {
  confirmAddressBySupport,
  openShopperCase,
  recordAddressAnswer,
  requestAddressCheck,
  resolveCase,
  upsertPaymentCase,
  type CaseContext,
} from '../../../domain/cases/cases.ts';
import { addressKey, comparePostalCodes, type EvidencePack } from '../../../domain/cases/evidence.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { AppError } from '../../../core/errors.ts';
import { LINK_PURPOSE, verifyLink } from '../../../core/links.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';
import { failureOf } from '../../support/failure.ts';

const DAY = 86_400_000;
const agent = { userId: null, email: 'agent@shop.example' };

describe('evidence: postal codes and addresses', () => {
  it('compares postal codes without spacing, ZIP+4 with its ZIP, and a carrier’s outward code with the full one', () => {
    expect(comparePostalCodes('29401-1234', '29401')).to.equal('match');
    expect(comparePostalCodes('sw1a 1aa', 'SW1A1AA')).to.equal('match');
    expect(comparePostalCodes('SW1A 1AA', 'SW1A')).to.equal('match');
    expect(comparePostalCodes('1650', '8000')).to.equal('mismatch');
    expect(comparePostalCodes('29401', '29')).to.equal('mismatch');
    expect(comparePostalCodes(null, '8000')).to.equal('unknown');
    expect(comparePostalCodes('8000', '')).to.equal('unknown');
  });

  it('keys an address by street, postal code and country, ignoring case and spacing', () => {
    const a = addressKey({ address1: 'Istedgade  14', zip: '1650', countryCodeV2: 'DK' });
    expect(a).to.equal(addressKey({ address1: 'istedgade 14', zip: '1650 ', countryCodeV2: 'dk' }));
    expect(a).to.not.equal(addressKey({ address1: 'Istedgade 16', zip: '1650', countryCodeV2: 'DK' }));
    expect(addressKey({ address1: null, zip: '1650' })).to.equal(null);
  });
});

describe('not-received cases', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let caseContext: CaseContext;
  const now = new Date();

  const address = { name: 'Maja Jensen', address1: 'Istedgade 14', city: 'København V', zip: '1650', country: 'Denmark', countryCodeV2: 'DK' };

  async function deliveredParcel(orderOverrides: Partial<Order> = {}, scanZip = '1650'): Promise<{ order: Order; shipment: Shipment }> {
    const order = await buildOrder(ctx.db, ctx.shop.id, { shipping_address: JSON.stringify(address), postal_code: '1650', customer_id: '7001', ...orderOverrides } as never);
    const shipment = await buildShipment(ctx.db, order, {
      carrier: 'PostNord',
      status: 'delivered',
      delivered_at: new Date(now.getTime() - DAY),
      signed_by: 'M JENSEN',
      public_url: 'https://track.example/abc',
      delivery_proof: JSON.stringify({ initialDeliveryAttempt: '2026-11-20T10:00:00Z', service: 'Parcel' }),
    });
    await buildTrackingEvent(ctx.db, shipment, {
      occurred_at: new Date(now.getTime() - DAY),
      status: 'delivered',
      message: 'Delivered, left at front door',
      location: JSON.stringify({ city: 'København', zip: scanZip, country: 'DK' }),
    });
    return { order, shipment };
  }

  const inTx = <T>(work: (trx: Tx) => Promise<T>) => ctx.db.transaction().execute(work);
  const caseEmails = (disputeId: string) =>
    ctx.db.selectFrom('notifications').select(['kind', 'recipient', 'state', 'locale']).where('dispute_id', '=', disputeId).orderBy('created_at').orderBy('kind').execute();

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_EMAIL: 'help@shop.example', REPEAT_CLAIMS_COUNT: '3', REPEAT_CLAIMS_DAYS: '90' });
    caseContext = { config: ctx.config, queue: await ctx.queue(), logger: ctx.logger };
  });
  afterEach(async () => ctx.close());

  it('opens one case per parcel with the evidence pack, the acknowledgement, the address check and a support alert', async () => {
    const { order, shipment } = await deliveredParcel({}, '8000');
    const first = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: '  Nothing at my door.  ', now }));
    expect(first.created).to.equal(true);
    expect(first.dispute).to.include({ state: 'open', source: 'shopper', shopper_note: 'Nothing at my door.', delivered_when_opened: true });

    const pack = first.dispute.evidence as EvidencePack;
    expect(pack.delivery).to.deep.include({ signedBy: 'M JENSEN', message: 'Delivered, left at front door' });
    expect(pack.delivery?.postalCheck).to.deep.equal({ result: 'mismatch', order: '1650', scan: '8000', comparedBy: 'postal_code' });
    expect(pack.delivery?.proof).to.deep.equal({ initialDeliveryAttempt: '2026-11-20T10:00:00Z', service: 'Parcel' });
    expect(pack.parcel).to.include({ publicUrl: 'https://track.example/abc', carrier: 'PostNord' });
    expect(pack.order.shippingAddress).to.deep.equal(address);

    const again = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: 'again', now }));
    expect(again).to.deep.include({ created: false });
    expect(again.dispute.id).to.equal(first.dispute.id);
    expect((await caseEmails(first.dispute.id)).map((n) => `${n.kind}→${n.recipient}`).sort()).to.deep.equal([
      `address_confirmation→${order.email}`,
      'alert:dispute_opened→help@shop.example',
      `dispute_received→${order.email}`,
    ]);
    expect(await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', first.dispute.id).execute()).to.deep.equal([{ action: 'dispute.opened' }]);
  });


  it('holds no proof of delivery in the evidence when the carrier gave only its service name', async () => {
    const { order, shipment } = await deliveredParcel();
    await ctx.db.updateTable('shipments').set({ delivery_proof: JSON.stringify({ initialDeliveryAttempt: null, service: 'Parcel' }) }).where('id', '=', shipment.id).execute();
    const stored = { ...shipment, delivery_proof: { initialDeliveryAttempt: null, service: 'Parcel' } };
    const opened = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment: stored, note: 'Nothing came', now }));
    expect((opened.dispute.evidence as EvidencePack).delivery?.proof).to.equal(null);
  });
  it('flags the third case by the same customer, email or address within the window, and blocks nobody', async () => {
    const email = 'repeat@example.com';
    const old = await deliveredParcel({ email, customer_id: null });
    const oldCase = await inTx((trx) => openShopperCase(trx, caseContext, { ...old, note: null, now }));
    await ctx.db.updateTable('disputes').set({ opened_at: new Date(now.getTime() - 200 * DAY) } as never).where('id', '=', oldCase.dispute.id).execute();

    const flags = [];
    for (const overrides of [{ email, customer_id: null }, { email: 'other@example.com', customer_id: null }, { email, customer_id: '9' }]) {
      const parcel = await deliveredParcel(overrides);
      const opened = await inTx((trx) => openShopperCase(trx, caseContext, { ...parcel, note: null, now }));
      flags.push(opened.dispute.repeat_flag);
    }
    // The 200-day-old case is outside the 90-day window; the same address links all three recent ones.
    expect(flags[0]).to.equal(null);
    expect(flags[1]).to.equal(null);
    expect(flags[2]).to.deep.equal({ windowDays: 90, threshold: 3, byCustomer: 0 + 1, byEmail: 2, byAddress: 3 });
    expect(await ctx.db.selectFrom('blocklist_entries').selectAll().execute()).to.have.length(0);
  });

  it('does not count cases of other customers at another address with the same postal code', async () => {
    for (const [i, street] of ['Istedgade 1', 'Istedgade 2', 'Istedgade 3'].entries()) {
      const parcel = await deliveredParcel({ email: `n${i}@example.com`, customer_id: `c${i}`, shipping_address: JSON.stringify({ ...address, address1: street }) } as never);
      const opened = await inTx((trx) => openShopperCase(trx, caseContext, { ...parcel, note: null, now }));
      expect(opened.dispute.repeat_flag, street).to.equal(null);
      expect((opened.dispute.evidence as EvidencePack).previousCases.byAddress).to.equal(0);
    }
  });

  it('records the shopper’s address answer both ways, alerts support once when wrong, and support’s own confirmation', async () => {
    const { order, shipment } = await deliveredParcel();
    const { dispute } = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: null, now }));
    const wrong = await inTx((trx) => recordAddressAnswer(trx, caseContext, dispute, order, { answer: 'wrong', correction: ' Istedgade 41, 1650 ', now }));
    expect(wrong).to.include({ address_answer: 'wrong', address_correction: 'Istedgade 41, 1650' });
    await inTx((trx) => recordAddressAnswer(trx, caseContext, wrong, order, { answer: 'wrong', correction: 'Istedgade 41', now }));
    const confirmed = await inTx((trx) => recordAddressAnswer(trx, caseContext, wrong, order, { answer: 'confirmed', correction: 'ignored', now }));
    expect(confirmed).to.include({ address_answer: 'confirmed', address_correction: null });
    expect((await caseEmails(dispute.id)).filter((n) => n.kind === 'alert:address_wrong')).to.have.length(1);

    const bySupport = await inTx((trx) => confirmAddressBySupport(trx, confirmed, order, agent, now, 'By phone'));
    expect(bySupport.address_confirmed_at).to.be.instanceOf(Date);
    const again = await inTx((trx) => requestAddressCheck(trx, caseContext, bySupport, order, agent, now));
    expect(again.address_requested_at).to.be.instanceOf(Date);
    expect((await caseEmails(dispute.id)).filter((n) => n.kind === 'address_confirmation')).to.have.length(2);
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', dispute.id).orderBy('created_at').execute()).map((r) => r.action);
    expect(actions).to.include.members(['dispute.address_reported_wrong', 'dispute.address_confirmed_by_shopper', 'dispute.address_confirmed', 'dispute.address_requested']);
  });

  it('resolves once, with a note, and refuses anything after', async () => {
    const { order, shipment } = await deliveredParcel();
    const { dispute } = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: null, now }));
    const empty = await failureOf(inTx((trx) => resolveCase(trx, caseContext, dispute, order, { resolution: 'found', note: '   ', actor: agent, now, emailShopper: true })));
    expect(empty).to.be.instanceOf(AppError).and.include({ code: 'bad_request' });
    const resolved = await inTx((trx) => resolveCase(trx, caseContext, dispute, order, { resolution: 'reshipped', note: 'Sent again.', actor: agent, now, emailShopper: true }));
    expect(resolved).to.include({ state: 'resolved', resolution: 'reshipped', resolution_note: 'Sent again.' });
    for (const attempt of [
      () => resolveCase(ctx.db as unknown as Tx, caseContext, resolved, order, { resolution: 'found', note: 'x', actor: agent, now, emailShopper: true }),
      () => recordAddressAnswer(ctx.db as unknown as Tx, caseContext, resolved, order, { answer: 'confirmed', correction: null, now }),
      () => confirmAddressBySupport(ctx.db as unknown as Tx, resolved, order, agent, now, null),
    ]) {
      expect(await failureOf(attempt())).to.be.instanceOf(AppError).and.include({ code: 'conflict' });
    }
    // A fresh report on the same parcel after the case closed is a new case.
    const reopened = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: 'Still nothing', now }));
    expect(reopened.created).to.equal(true);
    // Its emails are its own, numbered after the first case's.
    expect((await caseEmails(reopened.dispute.id)).map((n) => n.kind).sort()).to.deep.equal(['address_confirmation', 'alert:dispute_opened', 'dispute_received']);
    const received = await ctx.db.selectFrom('notifications').select('episode').where('shipment_id', '=', shipment.id).where('kind', '=', 'dispute_received').orderBy('episode').execute();
    expect(received.map((n) => n.episode)).to.deep.equal([1, 2]);
  });

  it('never moves a payment case’s status back when an older read of the dispute arrives late', async () => {
    const { order, shipment } = await deliveredParcel();
    const facts = { shopifyDisputeId: '77', kind: 'CHARGEBACK', reason: 'PRODUCT_NOT_RECEIVED', amount: '40.00', currency: 'DKK', evidenceDueBy: new Date(now.getTime() + 7 * DAY), order, shipment, now };
    const opened = await inTx((trx) => upsertPaymentCase(trx, caseContext, { ...facts, status: 'NEEDS_RESPONSE' }));
    expect(opened.created).to.equal(true);
    await inTx((trx) => upsertPaymentCase(trx, caseContext, { ...facts, status: 'UNDER_REVIEW' }));
    const late = await inTx((trx) => upsertPaymentCase(trx, caseContext, { ...facts, status: 'NEEDS_RESPONSE' }));
    expect(late).to.deep.include({ created: false });
    expect(late.dispute.payment_status).to.equal('UNDER_REVIEW');
    const won = await inTx((trx) => upsertPaymentCase(trx, caseContext, { ...facts, status: 'WON' }));
    expect(won.dispute.payment_status).to.equal('WON');
    expect(await ctx.db.selectFrom('disputes').select('id').where('shopify_dispute_id', '=', '77').execute()).to.have.length(1);
  });

  describe('its emails, sent through SMTP', () => {
    let sink: SmtpSink;
    beforeEach(async () => {
      sink = await startSmtpSink();
      await ctx.close();
      ctx = await createTestContext({ SUPPORT_EMAIL: 'help@shop.example', SMTP_URL: sink.url, PUBLIC_URL: 'https://wismo.shop.example' });
      const transport = createMailer({ smtpUrl: ctx.config.SMTP_URL }, ctx.db);
      caseContext = { config: ctx.config, queue: await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, transport) }), logger: ctx.logger };
    });
    afterEach(async () => sink.close());

    const mailTo = (recipient: string) => sink.received.filter((m) => m.to.includes(recipient));

    it('acknowledges in the shopper’s language, links the address check to the case, and tells each outcome', async () => {
      const outcomes = [
        { resolution: 'found', locale: 'en', subject: 'Good news about your order' },
        { resolution: 'reshipped', locale: 'da', subject: 'Vi sender din ordre' },
        { resolution: 'refunded', locale: 'fil', subject: 'Na-refund na namin ang order' },
        { resolution: 'rejected', locale: 'en', subject: 'The outcome of your report about order' },
      ] as const;
      for (const outcome of outcomes) {
        const { order, shipment } = await deliveredParcel({ customer_locale: outcome.locale, email: `${outcome.resolution}@example.com` });
        const { dispute } = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: '<b>not here</b>', now }));
        await waitFor(async () => mailTo(order.email!).length === 2 && mailTo('help@shop.example').some((m) => m.parsed.subject?.includes(order.name)));

        const ack = mailTo(order.email!).find((m) => m.parsed.text?.includes('<b>not here</b>'));
        expect(ack, 'the acknowledgement quotes the note').to.not.equal(undefined);
        expect(ack!.parsed.html).to.be.a('string').and.include('&lt;b&gt;not here&lt;/b&gt;').and.not.include('<b>not here');
        const check = mailTo(order.email!).find((m) => m.parsed.text?.includes('/address/'))!;
        const link = /https:\/\/wismo\.shop\.example\/address\/([A-Za-z0-9._-]+)\?answer=confirmed/.exec(check.parsed.text ?? '');
        expect(link, 'a confirm link').to.not.equal(null);
        const verified = verifyLink(TEST_SECRET, LINK_PURPOSE.address, link![1]);
        expect(verified.ok && verified.payload.d).to.equal(dispute.id);

        await inTx((trx) => resolveCase(trx, caseContext, dispute, order, { resolution: outcome.resolution, note: 'From support.', actor: agent, now, emailShopper: true }));
        await waitFor(async () => mailTo(order.email!).length === 3);
        expect(mailTo(order.email!)[2].parsed.subject).to.include(outcome.subject).and.include(order.name);
        expect(mailTo(order.email!)[2].parsed.text).to.include('From support.');
      }
      const alert = mailTo('help@shop.example')[0];
      expect(alert.parsed.subject).to.match(/Reported not received: order #\d+/);
      expect(alert.parsed.text).to.match(/\/support\/disputes\/[0-9a-f-]{36}/);
    });

    it('answers a shopper who opted out of tracking emails, also after tracking stopped; a bounced address gets nothing', async () => {
      const { order, shipment } = await deliveredParcel({ email: 'quiet-tracking@example.com' });
      await ctx.db.insertInto('email_suppressions').values({ shop_id: ctx.shop.id, email: order.email!, reason: 'opt_out' }).execute();
      await ctx.db.updateTable('shipments').set({ retired_at: new Date(), tracking_stopped_at: new Date() }).where('id', '=', shipment.id).execute();
      await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: null, now }));
      await waitFor(async () => mailTo(order.email!).length === 2);

      const bounced = await deliveredParcel({ email: 'gone@example.com' });
      await ctx.db.insertInto('email_suppressions').values({ shop_id: ctx.shop.id, email: 'gone@example.com', reason: 'bounced' }).execute();
      const { dispute } = await inTx((trx) => openShopperCase(trx, caseContext, { ...bounced, note: null, now }));
      await waitFor(async () => (await caseEmails(dispute.id)).filter((n) => n.recipient === 'gone@example.com').every((n) => n.state === 'suppressed'));
      expect(mailTo('gone@example.com')).to.have.length(0);
    });

    it('does not email the outcome when support says not to', async () => {
      const { order, shipment } = await deliveredParcel({ email: 'quiet@example.com' });
      const { dispute } = await inTx((trx) => openShopperCase(trx, caseContext, { order, shipment, note: null, now }));
      await waitFor(async () => mailTo(order.email!).length === 2);
      await inTx((trx) => resolveCase(trx, caseContext, dispute, order, { resolution: 'found', note: 'Neighbour had it.', actor: agent, now, emailShopper: false }));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(mailTo(order.email!)).to.have.length(2);
      expect((await caseEmails(dispute.id)).map((n) => n.kind)).to.not.include('dispute_resolved');
    });
  });
});
