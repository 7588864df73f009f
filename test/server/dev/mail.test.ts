import { expect } from 'chai';
import { insertOutboxMessage } from '../../../db/outbox.repository.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from '../support/console-client.ts';

describe('email previews and the dev outbox', () => {
  let ctx: TestContext;
  let server: TestServer;
  beforeEach(async () => {
    ctx = await createTestContext({ NODE_ENV: 'development' });
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

  for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'test' }, {}] as Record<string, string>[]) {
    it(`is not served with ${JSON.stringify(env)} (NODE_ENV=development must be said out loud)`, async () => {
      const other = await createTestContext(env);
      if (!('NODE_ENV' in env)) delete other.config.NODE_ENV;
      const app = await startApp(other);
      try {
        const { id } = await insertOutboxMessage(other.db, { shopId: other.shop.id, messageId: '<y@example.com>', recipient: 'a@example.com', subject: 'Hello', kind: 'delivered', locale: 'en', raw: 'Subject: Hello\r\n\r\nHi' });
        for (const path of ['/dev/emails', `/dev/outbox/${id}`, `/dev/outbox/${id}.eml`, '/dev/emails/delivered/en']) {
          expect((await fetch(`${app.url}${path}`)).status, path).to.equal(404);
        }
      } finally {
        await app.close();
        await other.close();
      }
    });
  }
});

describe('the outbox in the console, for a shop without SMTP_URL', () => {
  let ctx: TestContext;
  let server: TestServer;
  beforeEach(async () => {
    ctx = await createTestContext({ NODE_ENV: 'production' });
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('shows the kept mail, its HTML and its .eml to a signed-in admin only', async () => {
    const raw = 'From: shop@example.com\r\nTo: shopper@example.com\r\nSubject: On its way\r\nContent-Type: text/html\r\n\r\n<p>Tracked</p>';
    const { id } = await insertOutboxMessage(ctx.db, { shopId: ctx.shop.id, messageId: '<z@example.com>', recipient: 'shopper@example.com', subject: 'On its way', kind: 'shipped', locale: 'en', raw });
    for (const path of ['/support/outbox', `/support/outbox/${id}`, `/support/outbox/${id}.eml`]) {
      expect((await fetch(`${server.url}${path}`)).status, `anonymous ${path}`).to.equal(401);
    }
    const agentUser = await buildSupportUser(ctx, { role: 'agent' });
    const agent = await new ConsoleClient(server.url).login(agentUser.email, agentUser.password);
    expect((await agent.get('/support/outbox')).status).to.equal(403);
    expect((await agent.get(`/support/outbox/${id}.eml`)).status).to.equal(403);

    const adminUser = await buildSupportUser(ctx, { role: 'admin' });
    const admin = await new ConsoleClient(server.url).login(adminUser.email, adminUser.password);
    const list = await admin.get('/support/outbox');
    expect(list.status).to.equal(200);
    expect(await list.text()).to.include('shopper@example.com').and.include(`/support/outbox/${id}.eml`);
    const html = await admin.get(`/support/outbox/${id}`);
    expect(html.headers.get('content-security-policy')).to.include('sandbox');
    expect(await html.text()).to.include('<p>Tracked</p>');
    expect(await (await admin.get(`/support/outbox/${id}.eml`)).text()).to.equal(raw);
    expect((await admin.get('/support/outbox/not-a-uuid')).status).to.equal(404);
  });
});
