import { expect } from 'chai';
import { emailKinds } from '../../emails/kinds.ts';
import { buildMessage, messageIdFor } from '../../emails/message.ts';
import { outboxMessageAsEml, outboxMessageAsHtml, previewIndex, renderPreview } from '../../emails/preview.ts';
import { sampleBranding, sampleProps } from '../../emails/samples.ts';
import { createMailer } from '../../emails/transport.ts';
import { listRecentOutboxMessages } from '../../db/outbox.repository.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

describe('email preview', () => {
  it('lists every shopper email in three languages and support alerts in English', () => {
    const index = previewIndex();
    expect(index).to.have.length((emailKinds.length - 1) * 3 + 1);
    expect(index.filter((entry) => entry.kind === 'support_alert').map((entry) => entry.locale)).to.deep.equal(['en']);
    expect(index.find((entry) => entry.kind === 'shipped' && entry.locale === 'fil')?.subject).to.equal('Papunta na sa iyo ang order #1042');
    for (const entry of index) expect(entry.subject, `${entry.kind}/${entry.locale}`).to.not.equal('');
  });

  it('renders a kind in a language with sample data and the destination’s time', async () => {
    const preview = await renderPreview('delivered', 'fil');
    expect(preview.subject).to.equal('Naihatid na ang order #1042');
    // The Filipino sample parcel goes to Manila: 23:30 UTC is 7:30 the next morning there.
    expect(preview.text).to.include('Lunes, Nobyembre 23, 2026 nang 7:30');
    expect(preview.html).to.include('lang="fil"');
  });

  it('falls back to English for a support alert asked for in another language', async () => {
    expect((await renderPreview('support_alert', 'da')).subject).to.match(/^\[Nordlys Ceramics\] Stalled in transit/);
  });

  describe('outbox messages', () => {
    let context: TestContext;
    before(async () => {
      context = await createTestContext();
      const mailer = createMailer({}, context.db);
      const message = await buildMessage({
        kind: 'address_confirmation',
        locale: 'en',
        props: sampleProps.address_confirmation,
        branding: sampleBranding,
        to: 'maja@example.com',
        messageId: messageIdFor('preview-1', 'https://track.example'),
        settings: { publicUrl: 'https://track.example' },
      });
      await mailer.send(message, { shopId: context.shop.id, kind: 'address_confirmation', locale: 'en' });
    });
    after(async () => {
      await context.close();
    });

    it('gives a stored message as .eml and as HTML', async () => {
      const [stored] = await listRecentOutboxMessages(context.db, context.shop.id);
      const eml = await outboxMessageAsEml(context.db, context.shop.id, stored.id);
      expect(eml?.filename).to.equal(`address_confirmation-${stored.id}.eml`);
      expect(eml?.raw.toString()).to.match(/(^|\r\n)Message-ID: <notification\.preview-1@track\.example>\r\n/);
      const html = await outboxMessageAsHtml(context.db, context.shop.id, stored.id);
      expect(html).to.include('Is this your address?');
      expect(html).to.include('Istedgade 14, 2. th.');
    });

    it('finds nothing for an unknown id, a malformed id or another shop', async () => {
      const [stored] = await listRecentOutboxMessages(context.db, context.shop.id);
      expect(await outboxMessageAsEml(context.db, context.shop.id, '00000000-0000-4000-8000-000000000000')).to.equal(undefined);
      expect(await outboxMessageAsHtml(context.db, context.shop.id, 'not-a-uuid')).to.equal(undefined);
      expect(await outboxMessageAsEml(context.db, '00000000-0000-4000-8000-000000000000', stored.id)).to.equal(undefined);
    });
  });
});
