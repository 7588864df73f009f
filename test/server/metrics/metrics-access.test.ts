import { expect } from 'chai';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';

describe('who may read /metrics, and how often it counts', () => {
  let ctx: TestContext;
  let server: TestServer;
  const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
  async function start(env: Record<string, string>) {
    ctx = await createTestContext(env);
    server = await startApp(ctx);
  }
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('without METRICS_TOKEN, answers this machine only: a forwarded request is refused, trusted proxy or not', async () => {
    await start({});
    expect((await scrape()).status).to.equal(200);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) expect((await scrape({ [header]: '127.0.0.1' })).status, header).to.equal(403);
    await server.close();
    await ctx.close();
    await start({ TRUST_PROXY: 'loopback' });
    const res = await scrape({ 'x-forwarded-for': '203.0.113.5' });
    expect(res.status).to.equal(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('forbidden');
  });

  it('in production, without METRICS_TOKEN, answers nobody, not even this machine (a same-host TCP proxy would look like it)', async () => {
    await start({ NODE_ENV: 'production' });
    const res = await scrape();
    expect(res.status).to.equal(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).to.match(/METRICS_TOKEN in production/);
    await server.close();
    await ctx.close();
    await start({ NODE_ENV: 'production', METRICS_TOKEN: 'scrape-me-0123456789abcdef' });
    expect((await scrape({ authorization: 'Bearer scrape-me-0123456789abcdef' })).status).to.equal(200);
  });

  it('in development, and in the demo whatever NODE_ENV, without METRICS_TOKEN, still answers this machine', async () => {
    await start({ NODE_ENV: 'development' });
    expect((await scrape()).status).to.equal(200);
    await server.close();
    await ctx.close();
    ctx = await createTestContext({ NODE_ENV: 'production' });
    server = await startApp(ctx, { demo: true });
    expect((await scrape()).status).to.equal(200);
  });

  it('with METRICS_TOKEN, requires it as a bearer token, from anywhere', async () => {
    await start({ METRICS_TOKEN: 'scrape-me-0123456789abcdef' });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', 'Basic c2NyYXBlLW1lOg==', 'scrape-me-0123456789abcdef']) {
      const res = await scrape(authorization ? { authorization } : {});
      expect(res.status, String(authorization)).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
    }
    expect((await scrape({ authorization: 'Bearer scrape-me-0123456789abcdef' })).status).to.equal(200);
    expect((await scrape({ authorization: 'Bearer scrape-me-0123456789abcdef', 'x-forwarded-for': '203.0.113.5' })).status).to.equal(200);
  });

  it('counts shipments in the database at most every METRICS_GAUGE_SECONDS', async () => {
    await start({ METRICS_GAUGE_SECONDS: '3600' });
    const order = await buildOrder(ctx.db, ctx.shop.id);
    await buildShipment(ctx.db, order, { status: 'in_transit' });
    expect(await (await scrape()).text()).to.match(/whereabouts_shipments\{status="in_transit"\} 1\n/);
    await buildShipment(ctx.db, order, { status: 'in_transit' });
    expect(await (await scrape()).text(), 'within the interval').to.match(/whereabouts_shipments\{status="in_transit"\} 1\n/);
  });
});
