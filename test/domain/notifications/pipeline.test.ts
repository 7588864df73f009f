import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { listRecentOutboxMessages, findOutboxMessage } from '../../../db/outbox.repository.ts';
import { lockShipment } from '../../../db/shipments.repository.ts';
import { createMailer } from '../../../emails/transport.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { evaluateShipment } from '../../../domain/after-change.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildBlock, buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { waitFor } from '../../support/wait.ts';

describe('from a detected change to an email in the outbox', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks', SUPPORT_EMAIL: 'help@nordic.example' });
    server = await startApp(ctx);
    Object.assign(ctx.config, { PUBLIC_URL: server.url });
    const transport = createMailer({ smtpUrl: null }, ctx.db);
    await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, transport) });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  async function delivered(email: string, locale: string, message = 'Left at front door') {
    const order = await buildOrder(ctx.db, ctx.shop.id, { email, customer_locale: locale, shipping_address: JSON.stringify({ name: 'Mette Hansen', city: 'Aarhus', countryCodeV2: 'DK' }) });
    const shipment = await buildShipment(ctx.db, order, { status: 'delivered', carrier: 'PostNord', delivered_at: new Date('2026-11-19T23:30:00Z'), signed_by: 'M. Hansen' });
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: new Date('2026-11-19T23:30:00Z'), status: 'delivered', message, location: JSON.stringify({ city: 'AARHUS' }) });
    const queue = await ctx.queue();
    await ctx.db.transaction().execute(async (trx) => evaluateShipment(trx, (await lockShipment(trx, shipment.id))!, new Date(), { config: ctx.config, logger: ctx.logger, queue }));
    return { order, shipment };
  }

  it('sends the delivered email in the shopper’s language with one-click unsubscribe headers and escaped carrier text', async () => {
    await delivered('mette@example.dk', 'da-DK', '<img src=x onerror=alert(1)> Stillet ved døren');
    await waitFor(async () => (await listRecentOutboxMessages(ctx.db, ctx.shop.id)).length === 1);
    const [summary] = await listRecentOutboxMessages(ctx.db, ctx.shop.id);
    const raw = (await findOutboxMessage(ctx.db, ctx.shop.id, summary.id))!.raw;
    const parsed = await simpleParser(raw);
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').to.include('mette@example.dk');
    expect(parsed.html).to.be.a('string');
    expect(parsed.html as string).to.include('Nordic Socks');
    expect(parsed.html as string).not.to.include('<img src=x');
    expect(raw).to.match(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // Long header values are folded onto the next line (RFC 5322).
    expect(raw.replace(/\r?\n[ \t]+/g, ' ')).to.match(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/email\/opt-out\/[\w.-]+>/m);
    expect(parsed.subject).to.match(/#\d+/);
    const row = await ctx.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    expect(row.state).to.equal('sent');
    expect(parsed.messageId).to.equal(row.message_id);
  });

  it('stops proactive emails after a one-click opt-out, recording why', async () => {
    await delivered('ole@example.dk', 'da');
    await waitFor(async () => (await listRecentOutboxMessages(ctx.db, ctx.shop.id)).length === 1);
    const raw = (await findOutboxMessage(ctx.db, ctx.shop.id, (await listRecentOutboxMessages(ctx.db, ctx.shop.id))[0].id))!.raw;
    const parsed = await simpleParser(raw);
    const list = parsed.headers.get('list') as { unsubscribe?: { url?: string } | Array<{ url?: string }> };
    const unsubscribe = Array.isArray(list.unsubscribe) ? list.unsubscribe.find((u) => u.url?.startsWith('http'))?.url : list.unsubscribe?.url;
    expect(unsubscribe).to.match(/^http/);
    // The page behind the link speaks the language of the email, whatever the browser says.
    expect(await (await fetch(unsubscribe!)).text()).to.include('<html lang="da">');
    const oneClick = await fetch(unsubscribe!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).to.equal(200);

    await delivered('OLE@example.dk', 'da');
    await waitFor(async () => (await ctx.db.selectFrom('notifications').select('state').where('state', '=', 'suppressed').execute()).length === 1);
    const suppressed = await ctx.db.selectFrom('notifications').select('suppressed_reason').where('state', '=', 'suppressed').executeTakeFirstOrThrow();
    expect(suppressed.suppressed_reason).to.equal('opted_out');
    expect(await listRecentOutboxMessages(ctx.db, ctx.shop.id)).to.have.length(1);
  });

  it('suppresses emails to a blocked customer and about a cancelled order, but not to a restricted one', async () => {
    await buildBlock(ctx.db, ctx.shop.id, { subject: 'fraud@example.com', level: 'blocked', reason: 'chargeback fraud' });
    await buildBlock(ctx.db, ctx.shop.id, { subject: 'careful@example.com', level: 'restricted', reason: 'two claims' });
    await delivered('fraud@example.com', 'en');
    await delivered('careful@example.com', 'en');
    const { order } = await delivered('gone@example.com', 'en');
    await ctx.db.updateTable('orders').set({ cancelled_at: new Date() }).where('id', '=', order.id).execute();
    await waitFor(async () => (await ctx.db.selectFrom('notifications').select('state').where('state', '=', 'pending').execute()).length === 0);
    const outcomes = Object.fromEntries((await ctx.db.selectFrom('notifications').select(['recipient', 'state', 'suppressed_reason']).execute()).map((r) => [r.recipient, r.suppressed_reason ?? r.state]));
    expect(outcomes['fraud@example.com']).to.equal('customer_blocked');
    expect(outcomes['careful@example.com']).to.equal('sent');
  });
});
