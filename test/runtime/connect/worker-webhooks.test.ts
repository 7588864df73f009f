import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import type { SandboxShop } from '../../../sandbox/shop/server.ts';
import { freePort } from '../../support/http.ts';
import { startProcess, waitForReady, type ServiceProcess } from '../../support/process.ts';
import { CLIENT_ID, devDashboardEnv, startDevDashboardShop } from '../../support/shopify.ts';
import { carrierEnv, startCarrier } from '../../support/tracking.ts';
import { waitFor } from '../../support/wait.ts';

describe('a worker starting for a real shop', function () {
  this.timeout(120_000);
  let shop: SandboxShop;
  let carrier: SandboxCarrier;
  let dataDir: string;
  let proc: ServiceProcess | undefined;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-worker-webhooks-'));
    shop = await startDevDashboardShop({ allowHttpWebhooks: true });
    carrier = await startCarrier();
  });
  afterEach(async () => {
    proc?.child.kill('SIGTERM');
    await proc?.exited;
    await shop.close();
    await carrier.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('subscribes Shopify’s topics and EasyPost’s webhook to PUBLIC_URL by itself', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = { ...devDashboardEnv(shop), ...carrierEnv(carrier), EASYPOST_WEBHOOK_SECRET: 'whsec_worker', PUBLIC_URL: publicUrl, PORT: String(port), DATA_DIR: dataDir };
    proc = startProcess('all', { ...env, SUBSCRIBE_WEBHOOKS: 'true' });
    await waitForReady(publicUrl, 60_000, proc);
    await waitFor(async () => shop.webhookSubscriptions().filter((s) => s.app === CLIENT_ID).length === 6 && carrier.webhooks().length === 1, 30_000);
    expect(new Set(shop.webhookSubscriptions().map((s) => s.uri))).to.deep.equal(new Set([`${publicUrl}/webhooks/shopify`]));
    expect(carrier.webhooks()[0].url).to.equal(`${publicUrl}/webhooks/easypost`);
  });
});
