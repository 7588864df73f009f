import { expect } from 'chai';
import type { Lifecycle } from '../../server/services.ts';
import { startApp } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { createEmptyDatabase } from '../support/database.ts';
import { errorOf, type TestServer } from '../support/http.ts';

describe('HTTP skeleton', () => {
  let ctx: TestContext;
  let server: TestServer;
  const lifecycle: Lifecycle = { shuttingDown: false };

  before(async () => {
    ctx = await createTestContext({ HTTP_BODY_LIMIT: '1kb' });
    server = await startApp(ctx, { lifecycle });
  });
  after(async () => {
    await server.close();
    await ctx.close();
  });
  afterEach(() => {
    lifecycle.shuttingDown = false;
  });

  it('answers /healthz while the process is up', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 200 when the database is reachable and migrated', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).to.equal(200);
  });

  it('answers /readyz 503 while shutting down', async () => {
    lifecycle.shuttingDown = true;
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).to.equal(503);
    expect((await errorOf(res)).code).to.equal('unavailable');
  });

  it('answers /readyz 503 when migrations are not applied', async () => {
    const empty = await createEmptyDatabase();
    const other = await startApp(ctx, { db: empty.db, lifecycle });
    try {
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).to.equal(503);
      expect((await errorOf(res)).message).to.match(/Migrations not applied/);
    } finally {
      await other.close();
      await empty.close();
    }
  });

  it('renders unknown routes as a 404 in the common error shape', async () => {
    const res = await fetch(`${server.url}/no/such/thing`);
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({ error: { code: 'not_found', message: 'No route for GET /no/such/thing.' } });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await fetch(`${server.url}/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(4096) }),
    });
    expect(res.status).to.equal(413);
    expect((await errorOf(res)).code).to.equal('payload_too_large');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await fetch(`${server.url}/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated": ',
    });
    expect(res.status).to.equal(400);
    expect((await errorOf(res)).code).to.equal('bad_request');
  });

  it('sets security headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('x-powered-by')).to.equal(null);
  });
});
