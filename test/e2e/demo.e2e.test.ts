import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { testDatabaseKind } from '../support/database.ts';
import { freePort } from '../support/http.ts';
import { startProcess, waitForReady, type ServiceProcess } from '../support/process.ts';
import { waitFor } from '../support/wait.ts';
import { launchChromium } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';

// The first five minutes: `npm start` with no credentials runs a living demo. The demo's clock runs
// faster here than by default so the test does not wait minutes.
(testDatabaseKind === 'embedded' ? describe : describe.skip)('the demo', function () {
  this.timeout(240_000);
  let dataDir: string;
  let proc: ServiceProcess | undefined;
  let browser: Browser | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-demo-'));
  });
  afterEach(async () => {
    await browser?.close();
    proc?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a printed sample order within 60 s, and puts a delay and a delivered email in the outbox', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    proc = startProcess('all', { PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', DEMO_CLOCK_SPEED: '20000' });
    await waitForReady(url, 30_000, proc);
    await waitFor(async () => /Where is my order\?/.test(proc!.output()), 30_000);
    const sample = /(#\d+)\s+(\S+@\S+)\s+English/.exec(proc.output());
    expect(sample, proc.output()).to.not.equal(null);

    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${url}/track?lang=en`);
    await page.getByLabel('Order number').fill(sample![1]);
    await page.getByLabel('Email or postal code').fill(sample![2]);
    await page.getByRole('button', { name: 'Find my order' }).click();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    expect(Date.now() - started).to.be.below(60_000);
    expect(await page.locator('.banner').textContent()).to.match(/Demo data/);
    await saveScreenshot(page, 'demo-lookup');

    const kinds = async () => {
      const html = await (await fetch(`${url}/dev/emails`)).text();
      return new Set([...html.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1]));
    };
    await waitFor(async () => {
      const seen = await kinds();
      return seen.has('delivered') && seen.has('delayed');
    }, 180_000, 1000);
    await page.goto(`${url}/dev/emails`);
    await saveScreenshot(page, 'demo-outbox');

    // The printed console credentials sign in; the password is this data directory's own.
    const [, consoleEmail, consolePassword] = /Support console: \S+\s+\((\S+) \/ (\S+)\)/.exec(proc.output())!;
    expect(consolePassword).to.equal(readFileSync(path.join(dataDir, 'demo-console.password'), 'utf8').trim());
    await page.goto(`${url}/support/login`);
    await page.getByLabel('Email').fill(consoleEmail);
    await page.getByLabel('Password').fill(consolePassword);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${url}/support`);
    await saveScreenshot(page, 'demo-console');

    // The demo shop's chargeback waits as a case, with its deadline.
    await page.goto(`${url}/support/queues/disputes`);
    await page.locator('table[data-queue="disputes"] tr[data-row] a').first().click();
    await page.waitForURL(/\/support\/disputes\//);
    expect(await page.locator('[data-field="payment-kind"]').textContent()).to.include('Chargeback');
    expect(await page.locator('[data-field="evidence-due"]').textContent()).to.match(/UTC/);

    // A parcel that went silent is presumed lost within the demo's first minutes.
    expect(proc.output()).to.match(/goes silent: delay email, follow-up, then presumed lost within about \d+ min/);
    await waitFor(async () => {
      await page.goto(`${url}/support/queues/lost`);
      return (await page.locator('table[data-queue="lost"] tr[data-row]').count()) > 0;
    }, 120_000, 2000);
    await page.locator('table[data-queue="lost"] tr[data-row] a').first().click();
    await page.waitForURL(/\/support\/disputes\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.match(/^Presumed lost: order #\d+$/);
  });

  it('starts nothing demo when real credentials are configured', async () => {
    const port = await freePort();
    proc = startProcess('all', {
      PORT: String(port),
      DATA_DIR: dataDir,
      EASYPOST_API_KEY: 'EZAK_real_looking_key',
      SHOPIFY_SHOP: 'real-shop.myshopify.com',
      SHOPIFY_CLIENT_ID: 'real-looking-client-id',
      SHOPIFY_CLIENT_SECRET: 'shpss_real_looking',
      LOG_LEVEL: 'warn',
    });
    await waitForReady(`http://127.0.0.1:${port}`, 30_000, proc);
    const page = await (await fetch(`http://127.0.0.1:${port}/track`)).text();
    expect(page).not.to.match(/Demo data/);
    expect(proc.output()).not.to.match(/demo data/i);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/lookup?order=1001&email=emma.wilson%2B0@example.com`)).status).to.equal(404);
  });

  it('refuses a partial configuration, saying what is missing', async () => {
    proc = startProcess('all', { DATA_DIR: dataDir, SHOPIFY_SHOP: 'real-shop.myshopify.com' });
    expect(await proc.exited).to.not.equal(0);
    expect(proc.output()).to.match(/EASYPOST_API_KEY, SHOPIFY_CLIENT_ID, SHOPIFY_CLIENT_SECRET are missing/);
  });

  it('names the other half of a legacy custom app’s pair', async () => {
    proc = startProcess('all', { DATA_DIR: dataDir, EASYPOST_API_KEY: 'EZAK_real_looking_key', SHOPIFY_SHOP: 'real-shop.myshopify.com', SHOPIFY_ADMIN_ACCESS_TOKEN: 'shpat_real_looking' });
    expect(await proc.exited).to.not.equal(0);
    expect(proc.output()).to.match(/SHOPIFY_API_SECRET is missing/);
  });
});
