import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { findOutboxMessage, listRecentOutboxMessages } from '../../../db/outbox.repository.ts';
import type { Order, Shipment } from '../../../db/schema.ts';
import { createMailer } from '../../../emails/transport.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { buildDispute, buildIssue, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';
import { waitFor } from '../../support/wait.ts';
import { auditActions, startConsole, type ConsoleSuite } from './console-setup.ts';

describe('resending an email from the support console', function () {
  this.timeout(60_000);
  let suite: ConsoleSuite;
  let order: Order;
  let shipment: Shipment;

  beforeEach(async () => {
    suite = await startConsole({ SHOP_NAME: 'Nordic Socks', SUPPORT_EMAIL: 'help@nordic.example' });
    const { ctx } = suite;
    await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, createMailer({ smtpUrl: null }, ctx.db)) });
    order = await buildOrder(ctx.db, ctx.shop.id, { name: '#8001', email: 'ole@example.dk', shipping_address: JSON.stringify({ name: 'Ole Berg', city: 'Odense', countryCodeV2: 'DK' }) });
    shipment = await buildShipment(ctx.db, order, { status: 'delivered', carrier: 'PostNord', delivered_at: new Date('2026-11-19T10:00:00Z') });
  });
  afterEach(() => suite.close());

  let issues = 0;
  async function recorded(kind: string, state: 'sent' | 'pending' | 'failed', episode = 1) {
    const { ctx } = suite;
    const issue = await buildIssue(ctx.db, shipment, { kind: 'stalled', episode: ++issues });
    const dispute = await buildDispute(ctx.db, order, { shopper_note: 'Not in the mailbox' });
    return buildNotification(ctx.db, shipment, { kind, episode, recipient: kind.startsWith('alert:') ? 'help@nordic.example' : 'ole@example.dk', locale: 'en', state, issue_id: issue.id, dispute_id: dispute.id });
  }

  it('records a new email with a resend episode of its own, copying its links, and sends it', async () => {
    const { ctx } = suite;
    // The acknowledgement of the shopper's report: a case email, so its case must come along.
    const original = await recorded('dispute_received', 'sent');
    await recorded('dispute_received', 'failed', 2);
    const csrf = await suite.agent.csrfFor(`/support/shipments/${shipment.id}`);
    const res = await suite.agent.post(`/support/notifications/${original.id}/resend`, { _csrf: csrf });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/support/shipments/${shipment.id}?done=notification-resent`);

    const copy = await ctx.db.selectFrom('notifications').selectAll().where('kind', '=', 'dispute_received').where('episode', '=', -1).executeTakeFirstOrThrow();
    expect(copy).to.include({ shipment_id: shipment.id, order_id: order.id, recipient: 'ole@example.dk', issue_id: original.issue_id, dispute_id: original.dispute_id, locale: 'en' });
    expect(copy.message_id).not.to.equal(original.message_id);
    await waitFor(async () => (await ctx.db.selectFrom('notifications').select('state').where('id', '=', copy.id).executeTakeFirstOrThrow()).state === 'sent');
    const [message] = await listRecentOutboxMessages(ctx.db, ctx.shop.id);
    const parsed = await simpleParser((await findOutboxMessage(ctx.db, ctx.shop.id, message.id))!.raw);
    expect(parsed.messageId).to.equal(copy.message_id);
    expect(parsed.subject).to.include('#8001');
    expect(parsed.text).to.include('Not in the mailbox');

    const [audit] = await auditActions(ctx, 'notification.resent');
    expect(audit).to.include({ subject_kind: 'notification', subject_id: copy.id });
    expect(audit.details).to.deep.include({ original: original.id, episode: -1 });

    // A second copy takes the next resend number; the numbers of later episodes stay free.
    expect((await suite.agent.post(`/support/notifications/${original.id}/resend`, { _csrf: csrf })).status).to.equal(303);
    const episodes = (await ctx.db.selectFrom('notifications').select('episode').where('kind', '=', 'dispute_received').orderBy('episode').execute()).map((n) => n.episode);
    expect(episodes).to.deep.equal([-2, -1, 1, 2]);
  });

  it('refuses to resend an alert to support or an email still waiting to go, creating nothing', async () => {
    const { ctx } = suite;
    const alert = await recorded('alert:stalled', 'sent');
    const pending = await recorded('stalled', 'pending');
    const csrf = await suite.agent.csrfFor(`/support/shipments/${shipment.id}`);
    const refusedAlert = await suite.agent.post(`/support/notifications/${alert.id}/resend`, { _csrf: csrf });
    expect(refusedAlert.status).to.equal(400);
    expect(await refusedAlert.text()).to.include('Alerts to support are not resent');
    expect((await suite.agent.post(`/support/notifications/${pending.id}/resend`, { _csrf: csrf })).status).to.equal(409);
    expect((await suite.agent.post('/support/notifications/00000000-0000-4000-8000-000000000000/resend', { _csrf: csrf })).status).to.equal(404);
    expect(await ctx.db.selectFrom('notifications').selectAll().execute()).to.have.length(2);
    expect(await auditActions(ctx, 'notification.resent')).to.have.length(0);
    const html = await (await suite.agent.get(`/support/shipments/${shipment.id}`)).text();
    expect(html).not.to.include(`/support/notifications/${alert.id}/resend`).and.not.include(`/support/notifications/${pending.id}/resend`);
  });
});
