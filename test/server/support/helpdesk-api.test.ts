import { expect } from 'chai';
import type { HelpdeskLookup } from '../../../server/support/helpdesk.presenter.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildDispute, buildIssue, buildOrder, buildShipment } from '../../support/factories.ts';
import { errorOf, type TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

describe('GET /api/v1/support/lookup (helpdesk API)', () => {
  let ctx: TestContext;
  let server: TestServer;
  let admin: ConsoleClient;

  const lookup = (email: string, authorization?: string) =>
    fetch(`${server.url}/api/v1/support/lookup?${new URLSearchParams({ email })}`, { headers: authorization ? { authorization } : {} });

  async function createToken(name: string): Promise<string> {
    const csrf = await admin.csrfFor('/support/tokens');
    const html = await (await admin.post('/support/tokens', { _csrf: csrf, name })).text();
    const token = /value="(wbt_[^"]+)" data-token/.exec(html)?.[1];
    if (!token) throw new Error('no token on the page');
    return token;
  }

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_API_RATE_PER_MINUTE: '1000' });
    server = await startApp(ctx);
    const user = await buildSupportUser(ctx, { role: 'admin' });
    admin = await new ConsoleClient(server.url).login(user.email, user.password);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('refuses a request without a token, with a malformed or unknown one, and with a revoked one (401)', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer wbt_not-a-real-token', 'Bearer ']) {
      const res = await lookup('a@b.c', authorization);
      expect(res.status, String(authorization)).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect((await errorOf(res)).code).to.equal('unauthorized');
    }
    const token = await createToken('Zendesk');
    expect((await lookup('a@b.c', `Bearer ${token}`)).status).to.equal(200);
    const csrf = await admin.csrfFor('/support/tokens');
    const [row] = await ctx.db.selectFrom('support_api_tokens').select('id').execute();
    expect((await admin.post(`/support/tokens/${row.id}/revoke`, { _csrf: csrf })).status).to.equal(200);
    const revoked = await lookup('a@b.c', `Bearer ${token}`);
    expect(revoked.status).to.equal(401);
    expect((await errorOf(revoked)).code).to.equal('unauthorized');
  });

  it('keeps only a hash of the token, shows it once, and notes when it was last used', async () => {
    const token = await createToken('Gorgias');
    const [row] = await ctx.db.selectFrom('support_api_tokens').selectAll().execute();
    expect(row.token_hash).to.have.length(64).and.not.include(token);
    expect(row.last_used_at).to.equal(null);
    expect(await (await admin.get('/support/tokens')).text()).not.to.include(token);
    await lookup('a@b.c', `Bearer ${token}`);
    const [used] = await ctx.db.selectFrom('support_api_tokens').select('last_used_at').execute();
    expect(used.last_used_at).to.be.instanceOf(Date);
  });

  it("answers with that customer's orders and parcels only, matching the email in any case", async () => {
    const token = await createToken('Zendesk');
    const mine = await buildOrder(ctx.db, ctx.shop.id, { name: '#2001', email: 'Maria.Santos@Example.ph' });
    await buildOrder(ctx.db, ctx.shop.id, { name: '#2002', email: 'maria.santos@example.ph', cancelled_at: new Date() });
    await buildOrder(ctx.db, ctx.shop.id, { name: '#3001', email: 'someone.else@example.ph' });
    const parcel = await buildShipment(ctx.db, mine, { tracking_code: 'EZ2000000002', carrier: 'USPS', status: 'in_transit', public_url: 'https://track.example/EZ2000000002' });
    await buildShipment(ctx.db, mine, { tracking_code: 'EZRETIRED', retired_at: new Date() });
    await buildIssue(ctx.db, parcel, { kind: 'stalled' });
    const reported = await buildDispute(ctx.db, mine, { shipment_id: parcel.id, opened_at: new Date('2026-11-20T09:00:00Z') });

    const res = await lookup('  MARIA.SANTOS@example.PH ', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const body = (await res.json()) as HelpdeskLookup;
    expect(body.orders.map((o) => o.name).sort()).to.deep.equal(['#2001', '#2002']);
    expect(body.orders.find((o) => o.name === '#2002')).to.deep.include({ cancelled: true, shipments: [] });
    const order = body.orders.find((o) => o.name === '#2001')!;
    expect(order.cancelled).to.equal(false);
    expect(order.createdAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    expect(order.shipments).to.deep.equal([
      { carrier: 'USPS', trackingCode: 'EZ2000000002', status: 'in_transit', trackingUrl: 'https://track.example/EZ2000000002', estimatedDelivery: null, deliveredAt: null, openIssues: ['stalled'] },
    ]);
    expect(order.cases).to.deep.equal([
      {
        source: 'shopper',
        state: 'open',
        resolution: null,
        openedAt: '2026-11-20T09:00:00.000Z',
        paymentDispute: null,
        evidenceDueBy: null,
        consoleUrl: `${ctx.config.PUBLIC_URL}/support/disputes/${reported.id}`,
      },
    ]);
    expect(JSON.stringify(body)).not.to.include('someone.else');

    const nobody = (await (await lookup('nobody@example.ph', `Bearer ${token}`)).json()) as HelpdeskLookup;
    expect(nobody.orders).to.deep.equal([]);
    expect((await lookup('not-an-email', `Bearer ${token}`)).status).to.equal(400);
  });

  it('rate limits each token', async () => {
    const limited = await createTestContext({ SUPPORT_API_RATE_PER_MINUTE: '3' });
    const limitedServer = await startApp(limited);
    try {
      const user = await buildSupportUser(limited, { role: 'admin' });
      const browser = await new ConsoleClient(limitedServer.url).login(user.email, user.password);
      const csrf = await browser.csrfFor('/support/tokens');
      const html = await (await browser.post('/support/tokens', { _csrf: csrf, name: 'busy' })).text();
      const token = /value="(wbt_[^"]+)" data-token/.exec(html)![1];
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await fetch(`${limitedServer.url}/api/v1/support/lookup?email=a@b.c`, { headers: { authorization: `Bearer ${token}` } }));
      expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 429]);
      expect(Number(responses[3].headers.get('retry-after'))).to.be.within(1, 60);
      expect((await errorOf(responses[3])).code).to.equal('rate_limited');
    } finally {
      await limitedServer.close();
      await limited.close();
    }
  });
});
