import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_SUPPORT_EMAIL, ensureDemoConsoleAccount } from '../../../runtime/demo/console-account.ts';
import { createSupportUser } from '../../../domain/console/users.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { ConsoleClient } from '../../server/support/console-client.ts';

describe("the demo's console account", () => {
  let ctx: TestContext;
  let server: TestServer;
  beforeEach(async () => {
    ctx = await createTestContext();
    server = await startApp(ctx, { demo: true });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('has a random password per data directory, kept there across starts, and the published one no longer opens it', async () => {
    const first = await ensureDemoConsoleAccount(ctx.db, ctx.shop.id, ctx.config);
    expect(first.email).to.equal(DEMO_SUPPORT_EMAIL);
    expect(first.password).to.have.length.greaterThanOrEqual(20).and.not.equal('demo-console-2026');
    const file = path.join(ctx.dataDir, 'demo-console.password');
    expect(readFileSync(file, 'utf8').trim()).to.equal(first.password);
    expect(statSync(file).mode & 0o077, 'readable by its owner only').to.equal(0);
    expect((await ensureDemoConsoleAccount(ctx.db, ctx.shop.id, ctx.config)).password, 'the next start').to.equal(first.password);
    await new ConsoleClient(server.url).login(first.email, first.password);
    expect((await new ConsoleClient(server.url).submitLogin(first.email, 'demo-console-2026')).status).to.equal(401);

    const otherDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-demo-dir-'));
    try {
      const other = await ensureDemoConsoleAccount(ctx.db, ctx.shop.id, { DATA_DIR: otherDir });
      expect(other.password).not.to.equal(first.password);
      await new ConsoleClient(server.url).login(other.email, other.password);
      expect((await new ConsoleClient(server.url).submitLogin(first.email, first.password)).status, 'the old one').to.equal(401);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('takes the kept password over a demo account made with the published one', async () => {
    await createSupportUser(ctx.db, ctx.shop.id, { email: DEMO_SUPPORT_EMAIL, role: 'admin', password: 'demo-console-2026' }, { userId: null, name: 'demo' });
    const account = await ensureDemoConsoleAccount(ctx.db, ctx.shop.id, ctx.config);
    expect((await new ConsoleClient(server.url).submitLogin(account.email, 'demo-console-2026')).status).to.equal(401);
    await new ConsoleClient(server.url).login(account.email, account.password);
  });
});
