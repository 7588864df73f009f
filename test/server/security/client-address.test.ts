import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLookupLimits } from '../../../server/lookup/rate-limits.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildBlock, buildOrder } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { ConsoleClient } from '../support/console-client.ts';

// Behind a reverse proxy, the shopper's address comes from X-Forwarded-For, which the client writes
// too. Only the entries the configured proxies added count; whatever else is there changes nothing.

describe('the client address behind a proxy', () => {
  let ctx: TestContext;
  let server: TestServer;
  const lookup = (forwardedFor: string, order = '1001', email = 'anna@example.dk') =>
    fetch(`${server.url}/api/v1/lookup?${new URLSearchParams({ order, email })}`, { headers: { 'x-forwarded-for': forwardedFor } });

  afterEach(async () => {
    await server?.close();
    await ctx?.close();
  });

  for (const trust of ['1', 'loopback', '127.0.0.1/32']) {
    it(`keeps counting one shopper who rotates the X-Forwarded-For they send (TRUST_PROXY=${trust})`, async () => {
      ctx = await createTestContext({ TRUST_PROXY: trust, LOOKUP_RATE_PER_IP: '3', LOOKUP_RATE_PER_ORDER: '1000' });
      server = await startApp(ctx);
      const statuses = [];
      // What the client wrote, then the address our proxy saw and appended.
      for (let i = 0; i < 5; i++) statuses.push((await lookup(`10.0.0.${i}, 198.51.100.7`, String(2000 + i))).status);
      expect(statuses).to.deep.equal([404, 404, 404, 429, 429]);
      expect((await lookup('198.51.100.8', '3000')).status, 'another shopper').to.equal(404);
    });
  }

  it('keeps the sign-in limit per address whatever X-Forwarded-For says', async () => {
    ctx = await createTestContext({ TRUST_PROXY: '1', SUPPORT_LOGIN_RATE_PER_IP: '2', SUPPORT_LOCKOUT_ATTEMPTS: '100' });
    server = await startApp(ctx);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const client = new ConsoleClient(server.url);
      const csrf = await client.csrfFor('/support/login');
      const res = await client.post('/support/login', { _csrf: csrf, email: `someone${i}@shop.example`, password: 'a wrong password' }, { accept: 'text/html', 'x-forwarded-for': `10.9.9.${i}, 198.51.100.7` });
      statuses.push(res.status);
    }
    expect(statuses).to.deep.equal([401, 401, 429]);
  });

  it('applies an IP block to the forwarded address, and answers a malformed one without an error', async () => {
    ctx = await createTestContext({ TRUST_PROXY: '1', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
    await buildOrder(ctx.db, ctx.shop.id, { name: '#1001', number: 1001, email: 'anna@example.dk' });
    await buildBlock(ctx.db, ctx.shop.id, { subject_kind: 'ip', subject: '203.0.113.0/24', level: 'blocked', reason: 'abuse' });
    expect((await lookup('198.51.100.7')).status).to.equal(200);
    expect((await lookup('198.51.100.7, 203.0.113.9')).status).to.equal(404);
    for (const [i, forwarded] of ['not-an-ip', '999.1.1.1', 'fe80::1%eth0', "1.2.3.4'; drop table orders; --", ''].entries()) {
      expect((await lookup(forwarded)).status, `lookup with ${forwarded}`).to.equal(200);
      const page = await fetch(`${server.url}/track?order=1001&email=anna@example.dk`, { headers: { 'x-forwarded-for': forwarded } });
      expect(page.status, `page with ${forwarded}`).to.equal(200);
      const client = new ConsoleClient(server.url);
      const csrf = await client.csrfFor('/support/login');
      const login = await client.post('/support/login', { _csrf: csrf, email: `nobody${i}@shop.example`, password: 'a wrong password' }, { accept: 'text/html', 'x-forwarded-for': forwarded });
      expect(login.status, `sign-in with ${forwarded}`).to.equal(401);
    }
  });

  it('warns at start when a hop count is trusted on every interface, where a direct client forges the header', async () => {
    const warnings = async (env: Record<string, string>) => {
      ctx = await createTestContext(env);
      const lines: Array<Record<string, unknown>> = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      server = await startApp(ctx, { logger: pino({ level: 'warn' }, sink) });
      await server.close();
      await ctx.close();
      return lines.map((line) => String(line.msg));
    };
    expect((await warnings({ TRUST_PROXY: '1' })).some((msg) => /TRUST_PROXY=1 .*HOST=0\.0\.0\.0/.test(msg))).to.equal(true);
    expect(await warnings({ TRUST_PROXY: '1', HOST: '127.0.0.1' })).to.deep.equal([]);
    expect(await warnings({ TRUST_PROXY: '127.0.0.1' })).to.deep.equal([]);
  });

  it('exempts LOOKUP_RATE_EXEMPT_IPS ranges from the per-address limit, an IPv4-mapped range as its IPv4 range', async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1', LOOKUP_RATE_PER_ORDER: '1000', LOOKUP_RATE_EXEMPT_IPS: '::ffff:192.0.2.0/120, 2001:db8::/48' });
    const limits = createLookupLimits(ctx.handle, ctx.config);
    for (let i = 0; i < 3; i++) await limits.check('192.0.2.9', String(i));
    for (let i = 0; i < 3; i++) await limits.check('2001:db8:0:7::1', String(10 + i));
    await limits.check('198.51.100.7', '20');
    let refused: unknown;
    await limits.check('198.51.100.7', '21').catch((error: unknown) => (refused = error));
    expect(refused).to.have.property('code', 'rate_limited');
  });

  it('limits IPv6 clients per /64', async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '2', LOOKUP_RATE_PER_ORDER: '1000' });
    const limits = createLookupLimits(ctx.handle, ctx.config);
    await limits.check('2001:db8:1:2::1', '1');
    await limits.check('2001:db8:1:2:ffff:ffff:ffff:fffe', '2');
    let refused: unknown;
    await limits.check('2001:0db8:0001:0002:abcd::9', '3').catch((error: unknown) => (refused = error));
    expect(refused).to.have.property('code', 'rate_limited');
    await limits.check('2001:db8:1:3::1', '4');
    await limits.check('::ffff:198.51.100.7', '5');
    await limits.check('198.51.100.7', '6');
    refused = undefined;
    await limits.check('198.51.100.7', '7').catch((error: unknown) => (refused = error));
    expect(refused, 'an IPv4-mapped address is its IPv4 address').to.have.property('code', 'rate_limited');
  });
});
