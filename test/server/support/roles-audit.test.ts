import { expect } from 'chai';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildIssue, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';
import { errorOf, type TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

describe('support console roles and audit log', () => {
  let ctx: TestContext;
  let server: TestServer;
  let admin: ConsoleClient;
  let agent: ConsoleClient;

  beforeEach(async () => {
    ctx = await createTestContext();
    server = await startApp(ctx);
    const adminUser = await buildSupportUser(ctx, { email: 'boss@shop.example', role: 'admin' });
    const agentUser = await buildSupportUser(ctx, { email: 'helper@shop.example', role: 'agent' });
    admin = await new ConsoleClient(server.url).login(adminUser.email, adminUser.password);
    agent = await new ConsoleClient(server.url).login(agentUser.email, agentUser.password);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('denies an agent the admin pages and actions with 403, and allows an admin', async () => {
    for (const path of ['/support/audit', '/support/tokens']) {
      expect((await agent.get(path)).status, path).to.equal(403);
      expect((await admin.get(path)).status, path).to.equal(200);
    }
    const json = await agent.get('/support/audit', { accept: 'application/json' });
    expect((await errorOf(json)).code).to.equal('forbidden');

    const csrf = await agent.csrfFor('/support');
    expect((await agent.post('/support/tokens', { _csrf: csrf, name: 'agent token' })).status).to.equal(403);
    expect(await ctx.db.selectFrom('support_api_tokens').selectAll().execute()).to.have.length(0);
  });

  it('shows admins the section list and agents only theirs', async () => {
    const adminNav = await (await admin.get('/support')).text();
    const agentNav = await (await agent.get('/support')).text();
    for (const section of ['Audit log', 'API tokens']) expect(adminNav).to.include(`>${section}</a>`);
    expect(adminNav).to.include('Overview');
    expect(agentNav).to.include('Overview').and.not.include('Audit log').and.not.include('API tokens');
  });

  it('records sign-ins, failures, lockouts, logouts, user and token changes, and shows them to admins only', async () => {
    await new ConsoleClient(server.url).submitLogin('helper@shop.example', 'not my password');
    const csrf = await admin.csrfFor('/support/tokens');
    await admin.post('/support/tokens', { _csrf: csrf, name: 'Zendesk sidebar' });
    const [token] = await ctx.db.selectFrom('support_api_tokens').select('id').execute();
    await admin.post(`/support/tokens/${token.id}/revoke`, { _csrf: csrf });
    await agent.post('/support/logout', { _csrf: await agent.csrfFor('/support') });

    const actions = (await ctx.db.selectFrom('audit_log').select('action').orderBy('created_at').execute()).map((r) => r.action);
    expect(actions).to.include.members(['user.created', 'login.succeeded', 'login.failed', 'token.created', 'token.revoked', 'logout']);

    const page = await admin.get('/support/audit');
    const html = await page.text();
    for (const action of ['login.succeeded', 'login.failed', 'token.created', 'token.revoked', 'logout', 'user.created']) expect(html).to.include(`data-action="${action}"`);
    expect(html).to.include('name: Zendesk sidebar');
    expect((await agent.get('/support/audit')).status).to.equal(303);
  });

  it('records a lockout in the audit log', async () => {
    const client = new ConsoleClient(server.url);
    for (let i = 0; i < 5; i++) await client.submitLogin('helper@shop.example', `wrong password ${i}`);
    const locked = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'login.locked').execute();
    expect(locked).to.have.length(1);
    expect(locked[0].details).to.deep.include({ email: 'helper@shop.example' });
  });

  it('escapes what users typed on the audit page', async () => {
    const csrf = await admin.csrfFor('/support/tokens');
    await admin.post('/support/tokens', { _csrf: csrf, name: '<script>alert(1)</script>' });
    const html = await (await admin.get('/support/audit')).text();
    expect(html).not.to.include('<script>alert(1)</script>');
    expect(html).to.include('&lt;script&gt;');
  });

  it('counts open issues by kind, shipments needing attention, and failed notifications on the front page', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const stalled = await buildShipment(ctx.db, order, { attention: 'carrier_mismatch' });
    const late = await buildShipment(ctx.db, order, { attention: 'carrier_mismatch' });
    await buildShipment(ctx.db, order, { attention: 'tracking_expired', retired_at: new Date() });
    await buildIssue(ctx.db, stalled, { kind: 'stalled' });
    await buildIssue(ctx.db, late, { kind: 'late' });
    await buildIssue(ctx.db, late, { kind: 'stalled', cleared_at: new Date() });
    await buildNotification(ctx.db, stalled, { kind: 'delayed', state: 'failed' });
    await buildNotification(ctx.db, late, { kind: 'delayed', state: 'sent' });

    const html = await (await agent.get('/support')).text();
    const count = (name: string) => new RegExp(`data-count="${name}">(\\d+)<`).exec(html)?.[1];
    expect(count('open-issues')).to.equal('2');
    expect(count('issue-stalled')).to.equal('1');
    expect(count('issue-late')).to.equal('1');
    expect(count('issue-never_scanned')).to.equal('0');
    expect(count('attention')).to.equal('2');
    expect(count('attention-carrier_mismatch')).to.equal('2');
    expect(count('attention-tracking_expired')).to.equal('0');
    expect(count('failed-notifications')).to.equal('1');
    expect(html).to.match(/<main id="main">/).and.match(/<nav aria-label="Console sections">/);
  });
});
