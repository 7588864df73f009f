import { expect } from 'chai';
import { insertOutboxMessage } from '../../../db/outbox.repository.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';

describe('email previews and the dev outbox', () => {
  let ctx: TestContext;
  let server: TestServer;
  beforeEach(async () => {
    ctx = await createTestContext();
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('lists every kind in every language and renders each with sample data', async () => {
    const index = await (await fetch(`${server.url}/dev/emails`)).text();
    for (const path of ['/dev/emails/delivered/da', '/dev/emails/delayed/fil', '/dev/emails/support_alert/en']) expect(index).to.include(path);
    const preview = await fetch(`${server.url}/dev/emails/delivered/da`);
    expect(preview.status).to.equal(200);
    expect(preview.headers.get('content-security-policy')).to.include("default-src 'none'");
    expect(await preview.text()).to.match(/<html/i);
    expect((await fetch(`${server.url}/dev/emails/nonsense/da`)).status).to.equal(404);
  });

  it('shows an outbox message in the browser and as an .eml file', async () => {
    const raw = 'From: shop@example.com\r\nTo: a@example.com\r\nSubject: Hello\r\nMessage-ID: <x@example.com>\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>';
    const { id } = await insertOutboxMessage(ctx.db, { shopId: ctx.shop.id, messageId: '<x@example.com>', recipient: 'a@example.com', subject: 'Hello', kind: 'delivered', locale: 'en', raw });
    expect(await (await fetch(`${server.url}/dev/emails`)).text()).to.include(`/dev/outbox/${id}`);
    const eml = await fetch(`${server.url}/dev/outbox/${id}.eml`);
    expect(eml.headers.get('content-type')).to.include('message/rfc822');
    expect(await eml.text()).to.equal(raw);
    expect(await (await fetch(`${server.url}/dev/outbox/${id}`)).text()).to.include('<p>Hi</p>');
  });

  it('is not served in production', async () => {
    const prod = await createTestContext({ NODE_ENV: 'production' });
    const app = await startApp(prod);
    try {
      expect((await fetch(`${app.url}/dev/emails`)).status).to.equal(404);
    } finally {
      await app.close();
      await prod.close();
    }
  });
});
