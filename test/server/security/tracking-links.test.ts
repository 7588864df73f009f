import { expect } from 'chai';
import { createApiToken } from '../../../domain/console/api-tokens.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from '../support/console-client.ts';

// A parcel's tracking URL comes from the carrier or from Shopify: whatever it holds, only an http(s)
// URL is ever shown to a shopper or an agent, or returned by an API.

describe('tracking links from carriers and Shopify', () => {
  let ctx: TestContext;
  let server: TestServer;
  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('shows and returns only http(s) tracking links: on the page, in the lookup API, the helpdesk API and the console', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { name: '#1001', number: 1001, email: 'anna@example.dk' });
    const hostile = await buildShipment(ctx.db, order, { tracking_code: 'EZ1000000001', public_url: null, tracking_url: 'javascript:alert(document.cookie)' });
    await buildShipment(ctx.db, order, { tracking_code: 'EZ1000000002', public_url: ' JavaScript:alert(1)', tracking_url: 'https://carrier.example/t/EZ1000000002' });
    await buildShipment(ctx.db, order, { tracking_code: 'EZ1000000003', public_url: 'data:text/html,<script>alert(1)</script>', tracking_url: 'java\tscript:alert(1)' });

    const page = await (await fetch(`${server.url}/track?order=1001&email=anna@example.dk`)).text();
    expect(page).not.to.match(/javascript:|data:text/i);
    expect(page).to.include('href="https://carrier.example/t/EZ1000000002"');

    const api = (await (await fetch(`${server.url}/api/v1/lookup?order=1001&email=anna@example.dk`)).json()) as { shipments: Array<{ trackingCode: string; trackingUrl: string | null }> };
    expect(Object.fromEntries(api.shipments.map((s) => [s.trackingCode, s.trackingUrl]))).to.deep.equal({
      EZ1000000001: null,
      EZ1000000002: 'https://carrier.example/t/EZ1000000002',
      EZ1000000003: null,
    });

    const admin = await buildSupportUser(ctx, { role: 'admin' });
    const { token } = await createApiToken(ctx.db, ctx.shop.id, { userId: admin.id, email: admin.email }, 'helpdesk');
    const helpdesk = await (await fetch(`${server.url}/api/v1/support/lookup?email=anna@example.dk`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(JSON.stringify(helpdesk)).not.to.match(/javascript:|data:text/i);
    expect(JSON.stringify(helpdesk)).to.include('https://carrier.example/t/EZ1000000002');

    const console = await new ConsoleClient(server.url).login(admin.email, admin.password);
    const view = await (await console.get(`/support/shipments/${hostile.id}`)).text();
    expect(view).not.to.match(/javascript:/i);
  });
});
