import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';

// A signed link is as good as a password for the order it opens: logs carry the route, not the path.

describe('request logs', () => {
  let ctx: TestContext;
  let server: TestServer;
  let lines: Array<Record<string, unknown>>;

  beforeEach(async () => {
    ctx = await createTestContext();
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    server = await startApp(ctx, { logger: pino({ level: 'debug' }, sink) });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('names requests by route pattern, never by a path that carries a signed token', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    const tokens = {
      track: signLink(TEST_SECRET, 'track', { o: order.id }, 3600),
      address: signLink(TEST_SECRET, 'address', { o: order.id }, 3600),
      optOut: signLink(TEST_SECRET, 'opt-out', { e: order.email ?? '' }, 3600),
    };
    await fetch(`${server.url}/track/${tokens.track}`);
    await fetch(`${server.url}/address/${tokens.address}`);
    await fetch(`${server.url}/email/opt-out/${tokens.optOut}`);
    await fetch(`${server.url}/track/${tokens.track}/nothing-here`);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const text = JSON.stringify(lines);
    for (const token of Object.values(tokens)) expect(text).not.to.include(token);
    const routes = lines.filter((l) => l.msg === 'request').map((l) => l.route);
    expect(routes).to.include.members(['/track/:token', '/address/:token', '/email/opt-out/:token', 'unmatched']);
  });
});
