import { expect } from 'chai';
import { listRecentOutboxMessages } from '../../../db/outbox.repository.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { createMailer } from '../../../emails/transport.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { sendNotificationJob } from '../../../jobs/send-notification.job.ts';
import { signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildBlock, buildDispute, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { waitFor } from '../../support/wait.ts';

type Level = 'warning' | 'restricted' | 'blocked';

// What each level of the blocklist changes for the shopper: the lookup and the emails.
describe('block levels', function () {
  this.timeout(60_000);

  describe('the shopper’s lookup', () => {
    let ctx: TestContext;
    let server: TestServer;
    let order: Order;

    before(async () => {
      ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
      server = await startApp(ctx);
      order = await buildOrder(ctx.db, ctx.shop.id, { name: '#6001', number: 6001, email: 'kim@example.com', customer_id: '9001' });
      await buildShipment(ctx.db, order, { status: 'in_transit' });
    });
    after(async () => {
      await server.close();
      await ctx.close();
    });
    afterEach(() => ctx.db.deleteFrom('blocklist_entries').execute());

    const block = (level: Level, subject_kind: 'email' | 'customer' | 'ip', subject: string, expires_at: Date | null = null) =>
      buildBlock(ctx.db, ctx.shop.id, { subject_kind, subject, level, expires_at });
    const api = async () => (await fetch(`${server.url}/api/v1/lookup?order=6001&email=kim@example.com`)).status;
    const link = async () => (await fetch(`${server.url}/track/${signLink(TEST_SECRET, 'track', { o: order.id }, 3600)}`)).status;

    it('answers a warned or restricted shopper as usual', async () => {
      await block('warning', 'email', 'kim@example.com');
      expect([await api(), await link()]).to.deep.equal([200, 200]);
      await block('restricted', 'customer', '9001');
      expect([await api(), await link()]).to.deep.equal([200, 200]);
    });

    it('gives a blocked shopper the neutral not-found answer, whichever subject matched', async () => {
      for (const [kind, subject] of [['email', 'KIM@example.com'], ['customer', '9001'], ['ip', '127.0.0.0/8']] as const) {
        await block('blocked', kind, subject);
        expect([await api(), await link()], kind).to.deep.equal([404, 404]);
        await ctx.db.deleteFrom('blocklist_entries').execute();
      }
    });

    it('ignores an expired or lifted full block', async () => {
      await block('blocked', 'email', 'kim@example.com', new Date(Date.now() - 1000));
      expect([await api(), await link()]).to.deep.equal([200, 200]);
      await ctx.db.deleteFrom('blocklist_entries').execute();
      await block('blocked', 'customer', '9001');
      await ctx.db.updateTable('blocklist_entries').set({ lifted_at: new Date() }).execute();
      expect([await api(), await link()]).to.deep.equal([200, 200]);
    });
  });

  describe('emails to the shopper', () => {
    let ctx: TestContext;

    async function start(env: Record<string, string> = {}) {
      ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks', ...env });
      await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, createMailer({ smtpUrl: null }, ctx.db)) });
    }
    afterEach(() => ctx.close());

    // A delivered parcel of a customer with a block of this level, and an email of this kind queued.
    async function send(level: Level | null, kind: 'delivered' | 'dispute_received') {
      const email = `shopper-${level ?? 'free'}-${kind}@example.com`;
      const order = await buildOrder(ctx.db, ctx.shop.id, { email, customer_id: String(Math.floor(Math.random() * 1e9)) });
      const shipment: Shipment = await buildShipment(ctx.db, order, { status: 'delivered', carrier: 'USPS', delivered_at: new Date() });
      if (level) await buildBlock(ctx.db, ctx.shop.id, { subject_kind: 'customer', subject: order.customer_id!, level });
      const dispute = kind === 'dispute_received' ? await buildDispute(ctx.db, order, { shipment_id: shipment.id }) : undefined;
      const row = await buildNotification(ctx.db, shipment, { kind, recipient: email, dispute_id: dispute?.id ?? null });
      await (await ctx.queue()).enqueue(ctx.db, sendNotificationJob, { notificationId: row.id });
      await waitFor(async () => (await ctx.db.selectFrom('notifications').select('state').where('id', '=', row.id).executeTakeFirstOrThrow()).state !== 'pending');
      return ctx.db.selectFrom('notifications').select(['state', 'suppressed_reason']).where('id', '=', row.id).executeTakeFirstOrThrow();
    }

    it('suppresses proactive emails to a blocked customer only, and still sends replies to their report', async () => {
      await start();
      expect(await send('blocked', 'delivered')).to.deep.equal({ state: 'suppressed', suppressed_reason: 'customer_blocked' });
      expect(await send('restricted', 'delivered')).to.deep.equal({ state: 'sent', suppressed_reason: null });
      expect(await send('warning', 'delivered')).to.deep.equal({ state: 'sent', suppressed_reason: null });
      expect(await send('blocked', 'dispute_received')).to.deep.equal({ state: 'sent', suppressed_reason: null });
      expect(await listRecentOutboxMessages(ctx.db, ctx.shop.id)).to.have.length(3);
    });

    it('sends proactive emails to a blocked customer when BLOCK_SUPPRESSES_EMAILS is false', async () => {
      await start({ BLOCK_SUPPRESSES_EMAILS: 'false' });
      expect(await send('blocked', 'delivered')).to.deep.equal({ state: 'sent', suppressed_reason: null });
    });
  });
});
