import { expect } from 'chai';
import { createMailer } from '../../../emails/transport.ts';
import { jobs } from '../../../jobs/registry.ts';
import { createNotificationMailer } from '../../../domain/notifications/email-mailer.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { freePort } from '../../support/http.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { seedDeliveredNotifications } from '../../support/notifications.ts';
import { waitFor } from '../../support/wait.ts';

describe('email delivery through an SMTP outage', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let sink: SmtpSink | undefined;

  afterEach(async () => {
    await sink?.close();
    await ctx.close();
  });

  it('delivers every email after the server comes back, none lost and none twice', async () => {
    const port = await freePort();
    ctx = await createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const ids = await seedDeliveredNotifications(ctx, 20);
    const transport = createMailer({ smtpUrl: ctx.config.SMTP_URL }, ctx.db);
    const queue = await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, transport) });
    await queue.enqueueMany(ctx.db, jobs.sendNotification, ids.map((notificationId) => ({ data: { notificationId }, retryDelay: 1, retryBackoff: false, retryLimit: 50 })));

    // The server is down: every attempt is refused, and nothing is lost.
    await waitFor(async () => (await ctx.db.selectFrom('notifications').select('attempts').where('attempts', '>', 0).execute()).length === ids.length, 30_000);
    expect((await ctx.db.selectFrom('notifications').select('state').where('state', '=', 'sent').execute()).length).to.equal(0);

    sink = await startSmtpSink({ port });
    await waitFor(async () => (await ctx.db.selectFrom('notifications').select('state').where('state', '=', 'sent').execute()).length === ids.length, 60_000, 200);
    const byId = new Map<string, number>();
    for (const m of sink.received) byId.set(m.parsed.messageId ?? '', (byId.get(m.parsed.messageId ?? '') ?? 0) + 1);
    expect(byId.size).to.equal(ids.length);
    expect([...byId.values()].every((n) => n === 1)).to.equal(true);
    transport.close();
  });
});
