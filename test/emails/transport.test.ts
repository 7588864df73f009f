import { createServer, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { listRecentOutboxMessages } from '../../db/outbox.repository.ts';
import { buildMessage, messageIdFor, type EmailMessage } from '../../emails/message.ts';
import { sampleBranding, sampleProps } from '../../emails/samples.ts';
import { classifySendError, createMailer, MailDeliveryError, type Mailer } from '../../emails/transport.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { rejects } from './rejects.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.ts';

const publicUrl = 'https://track.nordlys-ceramics.example';

function delayedMessage(id: string, to = 'maja@example.com'): Promise<EmailMessage> {
  return buildMessage({
    kind: 'delayed',
    locale: 'da-DK',
    props: sampleProps.delayed,
    branding: sampleBranding,
    to,
    messageId: messageIdFor(id, publicUrl),
    settings: { publicUrl },
    unsubscribe: { url: `${publicUrl}/unsubscribe?token=${id}` },
  });
}

describe('SMTP transport', () => {
  const open: { sink?: SmtpSink; mailer?: Mailer }[] = [];
  async function smtp(options: SmtpSinkOptions = {}) {
    const sink = await startSmtpSink(options);
    const mailer = createMailer({ smtpUrl: sink.url });
    open.push({ sink, mailer });
    return { sink, mailer };
  }

  afterEach(async () => {
    for (const { sink, mailer } of open.splice(0)) {
      mailer?.close();
      await sink?.close();
    }
  });

  it('delivers through a pooled connection and reports what the server said', async () => {
    const { sink, mailer } = await smtp();
    const recipients = Array.from({ length: 8 }, (_, i) => `shopper${i}@example.com`);
    const results = await Promise.all(recipients.map(async (to, i) => mailer.send(await delayedMessage(`pool-${i}`, to), { shopId: 'shop', kind: 'delayed' })));
    expect(mailer.kind).to.equal('smtp');
    results.forEach((result, i) => {
      expect(result.messageId).to.equal(`<notification.pool-${i}@track.nordlys-ceramics.example>`);
      expect(result.accepted).to.deep.equal([recipients[i]]);
      expect(result.rejected).to.deep.equal([]);
      expect(result.response).to.match(/^250 /);
    });
    expect(sink.received.map((mail) => mail.to[0]).sort()).to.deep.equal([...recipients].sort());
    const parsed = sink.received[0].parsed;
    expect(parsed.subject).to.equal('Din ordre #1042 er længere undervejs end ventet');
    expect(parsed.html).to.include('Nordlys Ceramics');
    expect(parsed.text).to.include('00370712345678901234');
  });

  it('reports a 451 to RCPT TO as transient', async () => {
    const { mailer } = await smtp({ rejectRecipient: { code: 451, message: 'Try again later' } });
    const error = await rejects(mailer.send(await delayedMessage('rcpt-451'), { shopId: 'shop', kind: 'delayed' }), MailDeliveryError);
    expect(error.kind).to.equal('transient');
    expect(error.responseCode).to.equal(451);
  });

  it('reports a 451 to DATA as transient', async () => {
    const { mailer } = await smtp({ rejectData: { code: 451, message: 'Local problem, try later' } });
    const error = await rejects(mailer.send(await delayedMessage('data-451'), { shopId: 'shop', kind: 'delayed' }), MailDeliveryError);
    expect(error.kind).to.equal('transient');
    expect(error.responseCode).to.equal(451);
  });

  it('reports a 550 as permanent', async () => {
    for (const options of [{ rejectRecipient: { code: 550, message: 'No such user' } }, { rejectData: { code: 550, message: 'Rejected as spam' } }]) {
      const { mailer } = await smtp(options);
      const error = await rejects(mailer.send(await delayedMessage('perm-550'), { shopId: 'shop', kind: 'delayed' }), MailDeliveryError);
      expect(error.kind).to.equal('permanent');
      expect(error.responseCode).to.equal(550);
    }
  });

  it('reports a refused connection as transient', async () => {
    const port = await closedPort();
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}` });
    open.push({ mailer });
    const error = await rejects(mailer.send(await delayedMessage('refused'), { shopId: 'shop', kind: 'delayed' }), MailDeliveryError);
    expect(error.kind).to.equal('transient');
    expect(error.responseCode).to.equal(null);
  });

  it('classifies replies by RFC 5321 and unsendable messages as permanent', () => {
    expect(classifySendError({ responseCode: 421, code: 'EENVELOPE' }).kind).to.equal('transient');
    expect(classifySendError({ responseCode: 503, code: 'EPROTOCOL' }).kind).to.equal('transient');
    expect(classifySendError({ responseCode: 554, code: 'EMESSAGE' }).kind).to.equal('permanent');
    expect(classifySendError({ code: 'ETIMEDOUT' }).kind).to.equal('transient');
    expect(classifySendError({ code: 'EENVELOPE', message: 'No recipients defined' }).kind).to.equal('permanent');
  });
});

describe('dev outbox', () => {
  let context: TestContext;
  let mailer: Mailer;

  beforeEach(async () => {
    context = await createTestContext();
    mailer = createMailer({ smtpUrl: undefined }, context.db);
  });

  afterEach(async () => {
    mailer.close();
    await context.close();
  });

  it('keeps the complete message instead of sending it', async () => {
    const result = await mailer.send(await delayedMessage('outbox-1'), { shopId: context.shop.id, kind: 'delayed', locale: 'da-DK' });
    expect(mailer.kind).to.equal('outbox');
    expect(result).to.deep.include({ messageId: '<notification.outbox-1@track.nordlys-ceramics.example>', accepted: ['maja@example.com'], rejected: [] });
    const [summary] = await listRecentOutboxMessages(context.db, context.shop.id);
    expect(summary).to.deep.include({ recipient: 'maja@example.com', kind: 'delayed', locale: 'da', message_id: result.messageId });
    const { raw } = await context.db.selectFrom('outbox_messages').select('raw').where('id', '=', summary.id).executeTakeFirstOrThrow();
    const parsed = await simpleParser(raw);
    expect(parsed.subject).to.equal(summary.subject).and.to.equal('Din ordre #1042 er længere undervejs end ventet');
    expect(parsed.messageId).to.equal(result.messageId);
    expect(parsed.html).to.include('Følg din pakke');
    expect(parsed.text).to.include('Følg din pakke: https://track.nordlys-ceramics.example/t/00370712345678901234');
    expect(parsed.headers.get('list')).to.deep.include({ unsubscribe: { url: `${publicUrl}/unsubscribe?token=outbox-1` } });
    expect(parsed.from?.value).to.deep.equal([{ name: 'Nordlys Ceramics', address: 'no-reply@track.nordlys-ceramics.example' }]);
  });

  it('stores a message once per Message-ID', async () => {
    const message = await delayedMessage('outbox-again');
    const first = await mailer.send(message, { shopId: context.shop.id, kind: 'delayed', locale: 'da' });
    const second = await mailer.send(await delayedMessage('outbox-again'), { shopId: context.shop.id, kind: 'delayed', locale: 'da' });
    expect(second.messageId).to.equal(first.messageId);
    expect(first.response).to.equal('stored in the dev outbox');
    expect(second.response).to.equal('already in the dev outbox');
    expect(await listRecentOutboxMessages(context.db, context.shop.id)).to.have.length(1);
  });

  it('lists the newest messages first', async () => {
    for (const id of ['a', 'b', 'c']) await mailer.send(await delayedMessage(`order-${id}`), { shopId: context.shop.id, kind: 'delayed' });
    const listed = await listRecentOutboxMessages(context.db, context.shop.id, 2);
    expect(listed.map((row) => row.message_id)).to.deep.equal([
      '<notification.order-c@track.nordlys-ceramics.example>',
      '<notification.order-b@track.nordlys-ceramics.example>',
    ]);
    expect(listed[0]).to.not.have.property('raw');
  });

  it('needs a database when there is no SMTP server', () => {
    expect(() => createMailer({})).to.throw(/database/);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
