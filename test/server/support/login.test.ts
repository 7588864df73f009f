import { expect } from 'chai';
import { sql } from 'kysely';
import type { AppServices } from '../../../server/services.ts';
import { INVALID_LOGIN_MESSAGE, LOCKED_MESSAGE } from '../../../server/support/login.routes.ts';
import { signIn } from '../../../domain/console/sign-in.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

describe('support console sign-in', () => {
  let ctx: TestContext;
  let server: TestServer;
  let browser: ConsoleClient;

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_LOCKOUT_ATTEMPTS: '3', SUPPORT_LOCKOUT_MINUTES: '15' });
    server = await startApp(ctx);
    browser = new ConsoleClient(server.url);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('signs in with email and password, sets a locked-down session cookie, and shows the user on /support', async () => {
    const user = await buildSupportUser(ctx, { email: 'Ana.Agent@Shop.example' });
    const res = await browser.submitLogin('ana.agent@shop.EXAMPLE', user.password);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/support');
    const cookie = browser.setCookieHeaders.find((h) => h.startsWith('wb_session='))!;
    expect(cookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i).and.match(/Path=\/support(;|$)/).and.not.match(/Secure/i);

    const page = await browser.get('/support');
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('Signed in as <strong>Ana.Agent@Shop.example</strong> (agent)');
    expect(html).to.match(/<form method="post" action="\/support\/logout">/);

    const [session] = await ctx.db.selectFrom('support_sessions').select(['token_hash', 'expires_at']).execute();
    const token = browser.cookies.get('wb_session')!;
    expect(session.token_hash).to.have.length(64).and.not.include(token);
  });

  it('sends a visitor without a session to the sign-in page, and refuses programs with 401', async () => {
    const page = await browser.get('/support/audit');
    expect(page.status).to.equal(303);
    expect(page.headers.get('location')).to.equal('/support/login?next=%2Fsupport%2Faudit');
    const api = await fetch(`${server.url}/support`);
    expect(api.status).to.equal(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
  });

  it('returns to the page asked for after sign-in, but never to another site', async () => {
    const user = await buildSupportUser(ctx);
    for (const [next, expected] of [['/support/audit', '/support/audit'], ['//evil.example/support', '/support'], ['https://evil.example', '/support']]) {
      const client = new ConsoleClient(server.url);
      const csrf = await client.csrfFor('/support/login');
      const res = await client.post('/support/login', { _csrf: csrf, email: user.email, password: user.password, next });
      expect(res.headers.get('location'), next).to.equal(expected);
    }
  });

  it('gives the same answer to a wrong password and to an unknown email', async () => {
    const user = await buildSupportUser(ctx);
    const wrongPassword = await browser.submitLogin(user.email, 'not the password at all');
    const unknownEmail = await browser.submitLogin('nobody@shop.example', user.password);
    expect(wrongPassword.status).to.equal(401);
    expect(unknownEmail.status).to.equal(401);
    const [a, b] = [await wrongPassword.text(), await unknownEmail.text()];
    expect(a).to.include(INVALID_LOGIN_MESSAGE);
    expect(b).to.include(INVALID_LOGIN_MESSAGE);
    expect(browser.cookies.has('wb_session')).to.equal(false);
  });

  it('locks the account after repeated failures, refuses the right password while locked, and lets it in once the lock ends', async () => {
    const user = await buildSupportUser(ctx);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await browser.submitLogin(user.email, `wrong password ${i}`)).status);
    expect(statuses).to.deep.equal([401, 401, 429]);

    const refused = await browser.submitLogin(user.email, user.password);
    expect(refused.status).to.equal(429);
    expect(await refused.text()).to.include(LOCKED_MESSAGE);
    expect(browser.cookies.has('wb_session')).to.equal(false);

    const [lock] = await ctx.db.selectFrom('support_rate_limits').select(['hits', 'window_started_at']).where('key', 'like', 'login-email:%').execute();
    expect(lock.hits).to.equal(3);
    expect(lock.window_started_at.getTime()).to.be.closeTo(Date.now(), 60_000);
    await ctx.db.updateTable('support_rate_limits').set({ window_started_at: new Date(Date.now() - 15 * 60_000 - 1000) }).where('key', 'like', 'login-email:%').execute();

    expect((await browser.submitLogin(user.email, user.password)).status).to.equal(303);
    expect(await ctx.db.selectFrom('support_rate_limits').selectAll().where('key', 'like', 'login-email:%').execute()).to.deep.equal([]);
  });

  it('answers an unknown email with the same lockout after as many failures', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.submitLogin('ghost@shop.example', 'whatever it is 123')).status);
    expect(statuses).to.deep.equal([401, 401, 429, 429]);
  });

  it('locks a real account and an unknown email at the same moments, for the same time', async () => {
    const { services } = server as TestServer & { services: AppServices };
    const user = await buildSupportUser(ctx);
    const start = Date.now();
    // Minutes after the first attempt: failures at 0, 10 and 12 lock (3 attempts) until 27.
    const minutes = [0, 10, 12, 20, 26, 28, 29];
    const answers = async (email: string, ip: string) => {
      const reasons = [];
      for (const m of minutes) {
        const result = await signIn(services, { email, password: 'not the password at all', ip }, new Date(start + m * 60_000));
        reasons.push(result.ok ? 'ok' : result.reason);
      }
      return reasons;
    };
    const real = await answers(user.email, '198.51.100.1');
    const unknown = await answers('nobody@shop.example', '198.51.100.2');
    expect(real).to.deep.equal(['invalid', 'invalid', 'locked', 'locked', 'locked', 'invalid', 'invalid']);
    expect(unknown).to.deep.equal(real);
  });

  it('lets a short lock expire by itself', async () => {
    const quick = await createTestContext({ SUPPORT_LOCKOUT_ATTEMPTS: '2', SUPPORT_LOCKOUT_MINUTES: '0.02' });
    const quickServer = await startApp(quick);
    try {
      const user = await buildSupportUser(quick);
      const client = new ConsoleClient(quickServer.url);
      await client.submitLogin(user.email, 'wrong password one');
      expect((await client.submitLogin(user.email, 'wrong password two')).status).to.equal(429);
      expect((await client.submitLogin(user.email, user.password)).status).to.equal(429);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await client.submitLogin(user.email, user.password)).status).to.equal(303);
    } finally {
      await quickServer.close();
      await quick.close();
    }
  });

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    const user = await buildSupportUser(ctx);
    await ctx.db.updateTable('support_users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    const res = await browser.submitLogin(user.email, user.password);
    expect(res.status).to.equal(401);
    expect(await res.text()).to.include(INVALID_LOGIN_MESSAGE);
  });

  it('limits failed sign-ins per IP address across accounts', async () => {
    const limited = await createTestContext({ SUPPORT_LOGIN_RATE_PER_IP: '4', SUPPORT_LOCKOUT_ATTEMPTS: '100' });
    const limitedServer = await startApp(limited);
    try {
      const user = await buildSupportUser(limited);
      const client = new ConsoleClient(limitedServer.url);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.submitLogin(`someone${i}@shop.example`, 'a wrong password')).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 429]);
      const res = await client.submitLogin(user.email, user.password);
      expect(res.status).to.equal(429);
      expect(Number(res.headers.get('retry-after'))).to.be.greaterThan(0);
    } finally {
      await limitedServer.close();
      await limited.close();
    }
  });
});

describe('support console sessions', () => {
  let ctx: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_SESSION_IDLE_HOURS: '12', SUPPORT_SESSION_MAX_DAYS: '7' });
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('ends the session on logout: the cookie no longer works', async () => {
    const user = await buildSupportUser(ctx);
    const browser = await new ConsoleClient(server.url).login(user.email, user.password);
    const stolen = browser.cookies.get('wb_session')!;
    const csrf = await browser.csrfFor('/support');
    const res = await browser.post('/support/logout', { _csrf: csrf });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/support/login');
    expect(browser.cookies.has('wb_session')).to.equal(false);
    expect(await ctx.db.selectFrom('support_sessions').selectAll().execute()).to.have.length(0);

    const replay = await fetch(`${server.url}/support`, { headers: { cookie: `wb_session=${stolen}`, accept: 'text/html' }, redirect: 'manual' });
    expect(replay.status).to.equal(303);
    expect(replay.headers.get('location')).to.match(/^\/support\/login/);
  });

  it('slides the idle deadline on use but never past the absolute limit', async () => {
    const user = await buildSupportUser(ctx);
    const browser = await new ConsoleClient(server.url).login(user.email, user.password);
    const [session] = await ctx.db.selectFrom('support_sessions').selectAll().execute();
    expect(session.expires_at.getTime() - session.created_at.getTime()).to.be.closeTo(12 * 3_600_000, 5000);

    const sixDaysAgo = new Date(Date.now() - 6.9 * 86_400_000);
    // created_at is never updated by the app, so its type forbids it: move it back in plain SQL.
    await sql`update support_sessions set created_at = ${sixDaysAgo.toISOString()}::timestamptz, last_seen_at = now() - interval '1 hour'`.execute(ctx.db);
    expect((await browser.get('/support')).status).to.equal(200);
    const [slid] = await ctx.db.selectFrom('support_sessions').selectAll().execute();
    expect(slid.expires_at.getTime()).to.be.closeTo(sixDaysAgo.getTime() + 7 * 86_400_000, 5000);

    await ctx.db.updateTable('support_sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await browser.get('/support')).status).to.equal(303);
  });

  it('marks the cookie Secure when the console is served over https', async () => {
    const secure = await createTestContext({ PUBLIC_URL: 'https://wismo.shop.example' });
    const secureServer = await startApp(secure);
    try {
      const user = await buildSupportUser(secure);
      const browser = new ConsoleClient(secureServer.url);
      await browser.submitLogin(user.email, user.password);
      expect(browser.setCookieHeaders.find((h) => h.startsWith('wb_session='))).to.match(/;\s*Secure/i);
    } finally {
      await secureServer.close();
      await secure.close();
    }
  });
});
