import { expect } from 'chai';
import type { Dispute } from '../../../db/schema.ts';
import { countReceipts } from '../../../db/webhook-receipts.repository.ts';
import { openShopperCase } from '../../../domain/cases/cases.ts';
import type { EvidencePack } from '../../../domain/cases/evidence.ts';
import { reconcilePaymentDisputes } from '../../../domain/cases/reconcile-payment-disputes.ts';
import { requestEvidenceSubmission } from '../../../domain/cases/submit-evidence.ts';
import { submitDisputeEvidenceJob } from '../../../jobs/submit-dispute-evidence.job.ts';
import type { JobContext } from '../../../jobs/job.ts';
import { ShopifyAdmin } from '../../../domain/shopify/admin-api.ts';
import { storeOrder } from '../../../domain/shopify/store-order.ts';
import type { SandboxDispute, SandboxOrder, SandboxShop } from '../../../sandbox/shop/server.ts';
import { AppError } from '../../../core/errors.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildTrackingEvent } from '../../support/factories.ts';
import { freePort, type TestServer } from '../../support/http.ts';
import { shopEnv, startShop } from '../../support/shopify.ts';
import { waitFor } from '../../support/wait.ts';

const DAY = 86_400_000;
const SUPPORT = 'support@shop.example';
const AGENT = { userId: null, email: 'agent@shop.example' };

describe('Shopify Payments disputes open not-received cases', function () {
  this.timeout(90_000);
  let shop: SandboxShop;
  let ctx: TestContext;
  let server: TestServer;
  let admin: ShopifyAdmin;

  let serial = 0;
  beforeEach(async () => {
    const port = await freePort();
    shop = await startShop({ webhookUrl: `http://127.0.0.1:${port}/webhooks/shopify`, shopDomain: `payments-${++serial}.myshopify.com` });
    ctx = await createTestContext(shopEnv(shop, { SUPPORT_EMAIL: SUPPORT }));
    server = await startApp(ctx, {}, port);
    admin = new ShopifyAdmin(ctx.config, ctx.logger);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
    await shop.close();
  });

  const caseContext = async () => ({ db: ctx.db, shopify: admin, shopId: ctx.shop.id, logger: ctx.logger, config: ctx.config, queue: await ctx.queue() });
  const reconcile = async () => reconcilePaymentDisputes(await caseContext(), { defaultSince: new Date(Date.now() - DAY) });
  const cases = () => ctx.db.selectFrom('disputes').selectAll().orderBy('opened_at').execute();
  const caseOf = (dispute: SandboxDispute) => ctx.db.selectFrom('disputes').selectAll().where('shopify_dispute_id', '=', dispute.id).executeTakeFirst();
  const alerts = (disputeId: string) => ctx.db.selectFrom('notifications').selectAll().where('dispute_id', '=', disputeId).where('kind', '=', 'alert:payment_dispute').execute();
  const evidenceCalls = () => shop.stats().byOperation.WhereaboutsDisputeEvidence ?? 0;
  const syncJobsDone = async (count: number) => {
    const found = await (await ctx.queue()).boss.findJobs('sync-payment-dispute');
    return found.length >= count && found.every((j) => j.state === 'completed');
  };

  // An order in the shop and in our database, its parcel as the carrier last saw it.
  async function placeOrder(trackingNumber: string, parcel: 'delivered' | 'in_transit' | 'none' = 'delivered'): Promise<SandboxOrder> {
    const order = shop.createOrder({ email: 'mia@example.com', shippingAddress: { name: 'Mia Berg', address1: '12 Elm Street', city: 'Portland', provinceCode: 'OR', zip: '97201', countryCode: 'US' } });
    if (parcel !== 'none') shop.createFulfillment(order.id, { trackingNumbers: [trackingNumber], company: 'UPS' });
    const node = await admin.fetchOrder(order.id);
    await ctx.db.transaction().execute((trx) => storeOrder(trx, ctx.shop.id, node!, new Date(), ctx.logger));
    if (parcel !== 'none') await setParcel(trackingNumber, parcel);
    return order;
  }

  async function setParcel(trackingNumber: string, status: 'delivered' | 'in_transit') {
    const deliveredAt = new Date(Date.now() - 2 * DAY);
    const shipment = await ctx.db
      .updateTable('shipments')
      .set(
        status === 'delivered'
          ? { status, carrier: 'UPS', delivered_at: deliveredAt, signed_by: 'M BERG', public_url: `https://track.example/${trackingNumber}` }
          : { status, carrier: 'UPS', public_url: `https://track.example/${trackingNumber}` },
      )
      .where('tracking_code', '=', trackingNumber)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (status === 'delivered') {
      await buildTrackingEvent(ctx.db, shipment, {
        occurred_at: deliveredAt,
        status: 'delivered',
        message: 'Left at front door',
        location: JSON.stringify({ city: 'Portland', state: 'OR', zip: '97201', country: 'US' }),
      });
    }
  }

  it('opens one case from a disputes/create webhook, with the evidence pack, the deadline and a support alert', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = await placeOrder('1Z999AA10000000101');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED', type: 'INQUIRY' });
    const answer = await shop.sendWebhook('disputes/create', { disputeId: dispute.id });
    expect(answer.status).to.equal(200);
    await waitFor(async () => (await caseOf(dispute)) !== undefined);
    const opened = (await caseOf(dispute))!;
    expect(opened).to.include({ source: 'payment', state: 'open', payment_kind: 'INQUIRY', payment_status: 'NEEDS_RESPONSE', payment_reason: 'PRODUCT_NOT_RECEIVED', delivered_when_opened: true });
    expect(opened.payment_amount).to.equal(dispute.amount);
    expect(opened.evidence_due_by!.toISOString()).to.equal(new Date(dispute.evidenceDueBy!).toISOString());
    const pack = opened.evidence as EvidencePack;
    expect(pack.parcel?.trackingCode).to.equal('1Z999AA10000000101');
    expect(pack.delivery).to.include({ signedBy: 'M BERG' });
    expect(pack.delivery?.postalCheck.result).to.equal('match');
    const alert = await alerts(opened.id);
    expect(alert.map((a) => a.recipient)).to.deep.equal([SUPPORT]);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', opened.id).execute();
    expect(audit.map((a) => a.action)).to.deep.equal(['dispute.opened']);
  });

  it('opens the same case through reconciliation alone when the webhook was missed, waiting out throttling', async () => {
    const order = await placeOrder('1Z999AA10000000201');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    shop.throttleNext(1);
    const progress = await reconcile();
    expect(progress).to.include({ disputes: 1, opened: 1 });
    expect(shop.stats().throttled).to.equal(1);
    const opened = (await caseOf(dispute))!;
    expect(opened).to.include({ payment_kind: 'CHARGEBACK', payment_status: 'NEEDS_RESPONSE', delivered_when_opened: true });
    expect((opened.evidence as EvidencePack).parcel?.trackingCode).to.equal('1Z999AA10000000201');
    expect(await alerts(opened.id)).to.have.length(1);
    const cursor = await ctx.db.selectFrom('shops').select('disputes_cursor').where('id', '=', ctx.shop.id).executeTakeFirstOrThrow();
    expect(cursor.disputes_cursor!.toISOString()).to.equal(new Date(dispute.initiatedAt).toISOString());
  });

  it('keeps one case through webhook, reconciliation and a repeated webhook, and follows disputes/update', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = await placeOrder('1Z999AA10000000301');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    await shop.sendWebhook('disputes/create', { disputeId: dispute.id }, { eventId: 'evt-dispute-1' });
    await waitFor(async () => (await caseOf(dispute)) !== undefined);
    await reconcile();
    const repeated = await shop.sendWebhook('disputes/create', { disputeId: dispute.id }, { eventId: 'evt-dispute-1' });
    expect(JSON.parse(repeated.body)).to.deep.equal({ status: 'duplicate' });
    await shop.sendWebhook('disputes/create', { disputeId: dispute.id });
    await waitFor(() => syncJobsDone(2));
    expect(await cases()).to.have.length(1);
    expect(await alerts((await caseOf(dispute))!.id)).to.have.length(1);

    shop.updateDispute(dispute.id, { status: 'LOST' });
    await shop.sendWebhook('disputes/update', { disputeId: dispute.id });
    await waitFor(async () => (await caseOf(dispute))?.payment_status === 'LOST');
    expect(await cases()).to.have.length(1);
  });

  it('re-reads an older unsettled dispute during reconciliation when its update webhook was missed', async () => {
    const order = await placeOrder('1Z999AA10000000351');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    await reconcile();
    // A newer dispute moves the cursor past the first one.
    const newer = shop.createDispute((await placeOrder('1Z999AA10000000352')).id, { reason: 'PRODUCT_NOT_RECEIVED' });
    expect((await reconcile()).opened).to.equal(1);
    shop.updateDispute(dispute.id, { status: 'WON' });
    const third = await reconcile();
    expect(third).to.include({ disputes: 1, refreshed: 1 });
    expect((await caseOf(dispute))!.payment_status).to.equal('WON');
    expect((await caseOf(newer))!.payment_status).to.equal('NEEDS_RESPONSE');
    // Settled now: not read again.
    expect((await reconcile()).refreshed).to.equal(0);
  });

  it('opens no case for a dispute with another reason', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = await placeOrder('1Z999AA10000000401');
    const fraud = shop.createDispute(order.id, { reason: 'FRAUDULENT' });
    await shop.sendWebhook('disputes/create', { disputeId: fraud.id });
    await waitFor(() => syncJobsDone(1));
    expect((await reconcile()).otherReason).to.equal(1);
    expect(await cases()).to.have.length(0);
  });

  it('flags a case whose parcel had not been delivered when the dispute came', async () => {
    const order = await placeOrder('1Z999AA10000000501', 'in_transit');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    await reconcile();
    const opened = (await caseOf(dispute))!;
    expect(opened.delivered_when_opened).to.equal(false);
    expect(opened.shipment_id).to.be.a('string');
    expect((opened.evidence as EvidencePack).delivery).to.equal(null);
    expect(await alerts(opened.id)).to.have.length(1);
  });

  it('syncs an order it has not stored yet, then opens the case on its latest delivered parcel', async () => {
    await ctx.startWorkers({ shopify: admin });
    const order = shop.createOrder({ email: 'noor@example.com' });
    shop.createFulfillment(order.id, { trackingNumbers: ['1Z999AA10000000601'], company: 'UPS' });
    shop.createFulfillment(order.id, { trackingNumbers: ['1Z999AA10000000602'], company: 'UPS' });
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    await shop.sendWebhook('disputes/create', { disputeId: dispute.id });
    await waitFor(async () => (await caseOf(dispute)) !== undefined);
    const stored = await ctx.db.selectFrom('orders').selectAll().where('shopify_id', '=', order.id).executeTakeFirstOrThrow();
    expect(stored.email).to.equal('noor@example.com');
    expect((await caseOf(dispute))!.delivered_when_opened).to.equal(false);

    // The first parcel is delivered later: a new dispute on the order is about that one.
    await setParcel('1Z999AA10000000601', 'delivered');
    const again = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    await reconcile();
    const second = (await caseOf(again))!;
    expect((second.evidence as EvidencePack).parcel?.trackingCode).to.equal('1Z999AA10000000601');
    expect(second.delivered_when_opened).to.equal(true);
  });

  it('answers 401 to a disputes webhook with a bad signature, and 400 to one that names no dispute', async () => {
    const order = await placeOrder('1Z999AA10000000701');
    const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    const forged = await shop.sendWebhook('disputes/create', { disputeId: dispute.id }, { secret: 'not-the-secret' });
    const tampered = await shop.sendWebhook('disputes/update', { disputeId: dispute.id }, { tamper: true });
    const nameless = await shop.sendWebhook('disputes/create', { body: JSON.stringify({ order_id: Number(order.id), status: 'needs_response' }) });
    expect([forged.status, tampered.status, nameless.status]).to.deep.equal([401, 401, 400]);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
    expect(await (await ctx.queue()).boss.findJobs('sync-payment-dispute')).to.have.length(0);
  });

  describe('submitting the tracking evidence', () => {
    const jobContext = async (): Promise<JobContext> => ({ ...(await caseContext()), carrier: undefined, mailer: undefined });
    const runJob = async (dispute: Dispute, retryCount = 0) =>
      submitDisputeEvidenceJob.run({ disputeId: dispute.id, requestedBy: null }, await jobContext(), { id: `run-${retryCount}`, retryCount, signal: new AbortController().signal });
    const request = async (dispute: Dispute) => {
      const queue = await ctx.queue();
      return ctx.db.transaction().execute((trx) => requestEvidenceSubmission(trx, { queue }, dispute, AGENT, new Date()));
    };
    const refusal = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(AppError);
      return error as AppError;
    };

    async function openCase(trackingNumber: string, input: { evidenceDueBy?: Date } = {}) {
      const order = await placeOrder(trackingNumber);
      const dispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED', ...input });
      await reconcile();
      return { dispute, opened: (await caseOf(dispute))! };
    }

    it('submits once for two requests and a job run twice, with the tracking fields, and records it', async () => {
      const { dispute, opened } = await openCase('1Z999AA10000000801');
      await ctx.db.updateTable('disputes').set({ address_answer: 'confirmed', address_answered_at: new Date('2026-11-20T09:00:00Z') }).where('id', '=', opened.id).execute();
      const requested = await request(opened);
      expect(requested.evidence_submit_requested_at).to.be.instanceOf(Date);
      const second = await refusal(request(opened));
      expect(second.code).to.equal('conflict');
      expect(second.message).to.match(/already being submitted/);
      expect(await (await ctx.queue()).boss.findJobs('submit-dispute-evidence')).to.have.length(1);

      await Promise.all([runJob(opened), runJob(opened)]);
      await runJob(opened, 1);
      expect(evidenceCalls()).to.equal(1);

      const evidence = shop.disputeEvidence(dispute.id)!;
      expect(evidence.submitted).to.equal(true);
      expect(evidence.fields).to.include({ customerEmailAddress: 'mia@example.com', customerFirstName: 'Mia', customerLastName: 'Berg' });
      expect(evidence.fields.shippingAddress).to.include({ address1: '12 Elm Street', city: 'Portland', zip: '97201', countryCode: 'US' });
      const text = String(evidence.fields.uncategorizedText);
      for (const expected of ['Carrier: UPS', 'Tracking number: 1Z999AA10000000801', 'Tracking page: https://track.example/1Z999AA10000000801', 'Signed for by: M BERG', 'Delivery location: Portland, OR 97201, US', 'confirmed this shipping address themselves on 20 Nov 2026, 09:00 UTC']) {
        expect(text).to.contain(expected);
      }
      const recorded = (await caseOf(dispute))!;
      expect(recorded.evidence_submitted_at).to.be.instanceOf(Date);
      expect(recorded.evidence_submit_error).to.equal(null);
      expect(await (await ctx.queue()).boss.findJobs('sync-payment-dispute')).to.have.length(1);
      expect((await refusal(request(recorded))).message).to.match(/already submitted/);
      const actions = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', opened.id).orderBy('created_at').execute();
      expect(actions.map((a) => a.action)).to.deep.equal(['dispute.opened', 'dispute.evidence_requested', 'dispute.evidence_submitted']);
    });

    it('submits through the queue when support asks', async () => {
      const { dispute, opened } = await openCase('1Z999AA10000000851');
      await ctx.startWorkers({ shopify: admin });
      await request(opened);
      await waitFor(async () => (await caseOf(dispute))?.evidence_submitted_at !== null);
      // The status follows from Shopify once the evidence is with the bank.
      await waitFor(async () => (await caseOf(dispute))?.payment_status === 'UNDER_REVIEW');
      expect(evidenceCalls()).to.equal(1);
      expect(shop.disputeEvidence(dispute.id)!.submitted).to.equal(true);
    });

    it('records a refusal past the deadline, does not retry it, and lets support ask again', async () => {
      const { dispute, opened } = await openCase('1Z999AA10000000901', { evidenceDueBy: new Date(Date.now() - DAY) });
      await ctx.startWorkers({ shopify: admin });
      await request(opened);
      await waitFor(async () => (await caseOf(dispute))?.evidence_submit_error !== null);
      const failed = (await caseOf(dispute))!;
      expect(failed.evidence_submit_error).to.match(/due date for evidence has passed/);
      expect(failed.evidence_submitted_at).to.equal(null);
      await waitFor(async () => (await (await ctx.queue()).boss.findJobs('submit-dispute-evidence')).every((j) => j.state === 'completed'));
      const [job] = await (await ctx.queue()).boss.findJobs('submit-dispute-evidence');
      expect(job.retryCount).to.equal(0);
      expect(evidenceCalls()).to.equal(1);
      expect(shop.disputeEvidence(dispute.id)!.submitted).to.equal(false);
      // The error is the end of that request, not a block: support may try again.
      const again = await request(failed);
      expect(again.evidence_submit_error).to.equal(null);
    });

    it('refuses a case that is not a payment case, and one without a recorded delivery', async () => {
      const order = await placeOrder('1Z999AA10000001001');
      const stored = await ctx.db.selectFrom('orders').selectAll().where('shopify_id', '=', order.id).executeTakeFirstOrThrow();
      const shipment = await ctx.db.selectFrom('shipments').selectAll().where('order_id', '=', stored.id).executeTakeFirstOrThrow();
      const queue = await ctx.queue();
      const { dispute: shopperCase } = await ctx.db.transaction().execute((trx) =>
        openShopperCase(trx, { config: ctx.config, queue, logger: ctx.logger }, { order: stored, shipment, note: 'Not here', now: new Date() }),
      );
      const notPayment = await refusal(request(shopperCase));
      expect(notPayment.code).to.equal('conflict');
      expect(notPayment.message).to.match(/not opened from a Shopify Payments dispute/);

      const late = await placeOrder('1Z999AA10000001002', 'in_transit');
      const dispute = shop.createDispute(late.id, { reason: 'PRODUCT_NOT_RECEIVED' });
      await reconcile();
      expect((await refusal(request((await caseOf(dispute))!))).message).to.match(/no tracking evidence/);
      expect(await queue.boss.findJobs('submit-dispute-evidence')).to.have.length(0);
      expect(evidenceCalls()).to.equal(0);
    });
  });
});
