import { expect } from 'chai';
import { InvalidEmailPropsError } from '../../emails/email.ts';
import { emailKinds, isProactive, type EmailKind } from '../../emails/kinds.ts';
import { buildMessage, messageIdFor, type BuildMessageInput } from '../../emails/message.ts';
import { sampleBranding, sampleProps } from '../../emails/samples.ts';
import { createMailer, type Mailer } from '../../emails/transport.ts';
import { rejects } from './rejects.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.ts';

const publicUrl = 'https://track.nordlys-ceramics.example';
const unsubscribe = { url: `${publicUrl}/unsubscribe?token=abc&list=updates`, mailto: 'unsubscribe@nordlys-ceramics.example' };

function input<K extends EmailKind>(kind: K, overrides: Partial<BuildMessageInput<K>> = {}): BuildMessageInput<K> {
  return {
    kind,
    locale: 'da-DK',
    props: sampleProps[kind],
    branding: sampleBranding,
    to: 'maja@example.com',
    messageId: messageIdFor(`0000-${kind}`, publicUrl),
    settings: { publicUrl },
    unsubscribe,
    ...overrides,
  };
}

describe('email messages over SMTP', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  const byKind = new Map<EmailKind, ReceivedMail>();

  before(async () => {
    sink = await startSmtpSink();
    mailer = createMailer({ smtpUrl: sink.url });
    for (const kind of emailKinds) {
      await mailer.send(await buildMessage(input(kind)), { shopId: 'shop', kind });
      byKind.set(kind, sink.received.at(-1)!);
    }
  });

  after(async () => {
    mailer.close();
    await sink.close();
  });

  it('carries one List-Unsubscribe header with both ways out, and One-Click, on proactive emails', () => {
    for (const kind of emailKinds.filter(isProactive)) {
      const { parsed } = byKind.get(kind)!;
      const lines = parsed.headerLines.filter((line) => line.key === 'list-unsubscribe');
      expect(lines, kind).to.have.length(1);
      expect(lines[0].line.replace(/\r\n\s+/g, ' ')).to.equal(
        `List-Unsubscribe: <${unsubscribe.url}>, <mailto:${unsubscribe.mailto}?subject=unsubscribe>`,
      );
      const list = parsed.headers.get('list') as Record<string, Record<string, string>>;
      expect(list.unsubscribe).to.deep.equal({ url: unsubscribe.url, mail: `${unsubscribe.mailto}?subject=unsubscribe` });
      expect(parsed.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).to.equal('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    }
  });

  it('leaves unsubscribe headers off support alerts, dispute emails and address confirmations', () => {
    for (const kind of ['support_alert', 'dispute_received', 'case_resolved', 'address_confirmation'] as const) {
      const { parsed } = byKind.get(kind)!;
      expect(parsed.headers.has('list'), kind).to.equal(false);
      expect(parsed.headerLines.some((line) => line.key.startsWith('list-')), kind).to.equal(false);
    }
  });

  it('keeps the Message-ID it was given', () => {
    for (const kind of emailKinds) {
      expect(byKind.get(kind)!.parsed.messageId).to.equal(`<notification.0000-${kind}@track.nordlys-ceramics.example>`);
    }
  });

  it('arrives with subject, HTML and text parts in the shopper’s language', () => {
    const { parsed, to } = byKind.get('shipped')!;
    expect(to).to.deep.equal(['maja@example.com']);
    expect(parsed.subject).to.equal('Din ordre #1042 er på vej');
    expect(parsed.html).to.include('Følg din pakke');
    expect(parsed.text).to.include('Følg din pakke: https://track.nordlys-ceramics.example/t/00370712345678901234');
  });

  it('sends from no-reply at the public host under the shop’s name, replies to support', () => {
    const { parsed, from } = byKind.get('delayed')!;
    expect(parsed.from?.value).to.deep.equal([{ name: 'Nordlys Ceramics', address: 'no-reply@track.nordlys-ceramics.example' }]);
    expect(from).to.equal('no-reply@track.nordlys-ceramics.example');
    expect(parsed.replyTo?.value).to.deep.equal([{ name: '', address: 'help@nordlys-ceramics.example' }]);
    expect(byKind.get('support_alert')!.parsed.replyTo).to.equal(undefined);
  });
});

describe('buildMessage', () => {
  it('sends from MAIL_FROM, naming the shop when MAIL_FROM names no one', async () => {
    const named = await buildMessage(input('shipped', { settings: { publicUrl, mailFrom: 'Nordlys <orders@nordlys.example>' } }));
    expect(named.from).to.deep.equal({ name: 'Nordlys', address: 'orders@nordlys.example' });
    const bare = await buildMessage(input('shipped', { settings: { publicUrl, mailFrom: 'orders@nordlys.example' } }));
    expect(bare.from).to.deep.equal({ name: 'Nordlys Ceramics', address: 'orders@nordlys.example' });
  });

  it('prefers the reply-to address over the support address', async () => {
    const message = await buildMessage(input('shipped', { branding: { ...sampleBranding, replyTo: 'care@nordlys.example' } }));
    expect(message.replyTo).to.equal('care@nordlys.example');
  });

  it('refuses a proactive email without an unsubscribe link', async () => {
    await rejects(buildMessage(input('delivered', { unsubscribe: undefined })), InvalidEmailPropsError);
    expect((await buildMessage(input('dispute_received', { unsubscribe: undefined }))).headers).to.deep.equal({});
  });

  it('refuses header values that would break a header', async () => {
    await rejects(buildMessage(input('shipped', { to: 'maja@example.com\r\nBcc: all@example.com' })), InvalidEmailPropsError);
    await rejects(buildMessage(input('shipped', { unsubscribe: { url: 'javascript:alert(1)' } })), InvalidEmailPropsError);
    await rejects(buildMessage(input('shipped', { unsubscribe: { ...unsubscribe, mailto: 'x>, <https://evil.example' } })), InvalidEmailPropsError);
  });

  it('makes Message-IDs from the notification id', () => {
    expect(messageIdFor('42', 'http://localhost:3000')).to.equal('<notification.42@localhost>');
  });
});
