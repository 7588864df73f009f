import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { createEmptyDatabase, testDatabaseKind } from '../../support/database.ts';
import { projectRoot } from '../../support/process.ts';
import { devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';
import { carrierEnv, startCarrier } from '../../support/tracking.ts';
import type { DatabaseHandle } from '../../../db/database.ts';

const run = promisify(execFile);

async function connectCommand(env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['runtime/cli.ts', 'connect'], { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe(`npm run cli -- connect (${testDatabaseKind})`, function () {
  this.timeout(90_000);
  let shop: SandboxShop;
  let carrier: SandboxCarrier;
  let dataDir: string;
  let database: DatabaseHandle | undefined;
  let env: Record<string, string>;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-connect-'));
    database = testDatabaseKind === 'postgres' ? await createEmptyDatabase() : undefined;
    shop = await startDevDashboardShop();
    shop.createOrder({ email: 'emma@example.com' });
    carrier = await startCarrier();
    env = {
      ...devDashboardEnv(shop),
      ...carrierEnv(carrier),
      EASYPOST_WEBHOOK_SECRET: 'whsec_of_the_shop',
      PUBLIC_URL: 'https://track.example-shop.com',
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      ...(database?.kind === 'postgres' ? { DATABASE_URL: database.connectionString } : {}),
    };
  });
  afterEach(async () => {
    await shop.close();
    await carrier.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a line per check, exits 0 once connected, and finds everything in place the second time', async () => {
    const first = await connectCommand(env);
    expect(first.code, first.out).to.equal(0);
    expect(first.out).to.match(/^✔ Shopify access token with the client credentials grant/m);
    expect(first.out).to.match(/^✔ Shopify webhook FULFILLMENTS_CREATE made https:\/\/track\.example-shop\.com\/webhooks\/shopify$/m);
    expect(first.out).to.match(/^✔ EasyPost webhook made https:\/\/track\.example-shop\.com\/webhooks\/easypost/m);
    expect(first.out).to.match(/^! SMTP_URL not set/m);
    expect(first.out).to.match(/Connected/);
    const second = await connectCommand(env);
    expect(second.code).to.equal(0);
    expect(second.out.match(/already there/g)?.length).to.equal(7);
    expect(second.out).not.to.match(/ made /);
  });

  it('exits non-zero with the fix when the client secret is wrong', async () => {
    const result = await connectCommand({ ...env, SHOPIFY_CLIENT_SECRET: 'shpss_wrong' });
    expect(result.code).to.equal(1);
    expect(result.out).to.match(/^✘ Shopify: Shopify refused an access token .*invalid_client/m);
    expect(result.out).to.match(/Not connected yet/);
  });
});
