import { expect } from 'chai';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { errorOf, type TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

describe('support console CSRF protection', () => {
  let ctx: TestContext;
  let server: TestServer;
  let browser: ConsoleClient;

  beforeEach(async () => {
    ctx = await createTestContext();
    server = await startApp(ctx);
    const admin = await buildSupportUser(ctx, { role: 'admin' });
    browser = await new ConsoleClient(server.url).login(admin.email, admin.password);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  const sessionCount = async () => (await ctx.db.selectFrom('support_sessions').select('id').execute()).length;

  it('refuses a logout form without the token with a 403 page, and keeps the session', async () => {
    const res = await browser.post('/support/logout', {});
    expect(res.status).to.equal(403);
    expect(res.headers.get('content-type')).to.match(/text\/html/);
    expect(await res.text()).to.include('This form has expired or did not come from the console');
    expect(await sessionCount()).to.equal(1);
    expect((await browser.get('/support')).status).to.equal(200);
  });

  it('refuses a wrong token with a 403 in the common error shape for programs', async () => {
    const res = await fetch(`${server.url}/support/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'not-the-token', cookie: `wb_session=${browser.cookies.get('wb_session')}` },
      body: JSON.stringify({ name: 'sneaky' }),
    });
    expect(res.status).to.equal(403);
    expect((await errorOf(res)).code).to.equal('forbidden');
    expect(await ctx.db.selectFrom('support_api_tokens').selectAll().execute()).to.have.length(0);
  });

  it('refuses a wrong token in a form, and accepts the right one from the form or the header', async () => {
    const wrong = await browser.post('/support/tokens', { _csrf: 'A'.repeat(43), name: 'sneaky' });
    expect(wrong.status).to.equal(403);
    const csrf = await browser.csrfFor('/support/tokens');
    expect((await browser.post('/support/tokens', { _csrf: csrf, name: 'from the form' })).status).to.equal(201);
    expect((await browser.post('/support/tokens', { name: 'from the header' }, { accept: 'text/html', 'x-csrf-token': csrf })).status).to.equal(201);
  });

  it('does not accept the token of another session', async () => {
    const other = await buildSupportUser(ctx, { role: 'admin' });
    const otherBrowser = await new ConsoleClient(server.url).login(other.email, other.password);
    const otherToken = await otherBrowser.csrfFor('/support');
    expect((await browser.post('/support/logout', { _csrf: otherToken })).status).to.equal(403);
  });

  it('refuses a state-changing request without a session before any route runs', async () => {
    const res = await fetch(`${server.url}/support/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).to.equal(401);
    expect((await errorOf(res)).code).to.equal('unauthorized');
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${server.url}/support/anything`, { method, headers: { cookie: `wb_session=${browser.cookies.get('wb_session')}` } });
      expect(res.status, method).to.equal(403);
    }
  });

  it('protects the sign-in form itself: no token or a forged one is a 403', async () => {
    const user = await buildSupportUser(ctx);
    const stranger = new ConsoleClient(server.url);
    const missing = await stranger.post('/support/login', { email: user.email, password: user.password });
    expect(missing.status).to.equal(403);
    await stranger.csrfFor('/support/login');
    const forged = await stranger.post('/support/login', { _csrf: 'forged', email: user.email, password: user.password });
    expect(forged.status).to.equal(403);
    expect(stranger.cookies.has('wb_session')).to.equal(false);
    expect(await forged.text()).to.include('The sign-in form expired');
  });
});
