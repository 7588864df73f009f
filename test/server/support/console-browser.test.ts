import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildIssue, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { expectAccessible } from '../../e2e/support/axe.ts';
import { launchChromium } from '../../e2e/support/browser.ts';
import { buildSupportUser } from './console-client.ts';

// The console in a real (headless) Chromium, without JavaScript of its own: signing in through the
// form, every page free of serious accessibility problems (axe-core, injected past the CSP), creating
// a token, signing out; and the daily pages (search, a queue, the shipment view, the block list) found
// through the labelled search box and used with forms only.

describe('the support console in a browser', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
    ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks' });
    server = await startApp(ctx);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  it('signs in with the keyboard, shows accessible pages, creates a token and signs out', async () => {
    const admin = await buildSupportUser(ctx, { role: 'admin' });
    const page = await (await browser.newContext({ locale: 'en-US', bypassCSP: true })).newPage();
    try {
      await page.goto(`${server.url}/support/tokens`);
      expect(new URL(page.url()).pathname).to.equal('/support/login');
      await expectAccessible(page, 'sign-in page');

      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(`${server.url}/support/tokens`);
      await expectAccessible(page, 'tokens page');

      await page.getByLabel('Name').fill('Zendesk sidebar');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.waitForLoadState();
      expect(await page.getByLabel('Token', { exact: true }).inputValue()).to.match(/^wbt_/);
      await expectAccessible(page, 'tokens page with a new token');

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Overview' }).click();
      await page.waitForURL(`${server.url}/support`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Support console');
      await expectAccessible(page, 'console front page');

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL(`${server.url}/support/audit`);
      expect(await page.getByRole('table').textContent()).to.include('token.created');
      await expectAccessible(page, 'audit log');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.url}/support/login`);
      await page.goto(`${server.url}/support`);
      expect(new URL(page.url()).pathname).to.equal('/support/login');
    } finally {
      await page.context().close();
    }
  });

  it('shows a failed sign-in as an alert next to the form', async () => {
    const page = await (await browser.newContext({ locale: 'en-US', bypassCSP: true })).newPage();
    try {
      await page.goto(`${server.url}/support/login`);
      await page.getByLabel('Email').fill('nobody@shop.example');
      await page.getByLabel('Password').fill('not a real password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).to.match(/do not match an account/);
      expect(await page.getByLabel('Email').inputValue()).to.equal('nobody@shop.example');
      await expectAccessible(page, 'sign-in page with an error');
    } finally {
      await page.context().close();
    }
  });

  it('finds an order, opens its parcel, adds a note and a warning, and lists the queues', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { name: '#9001', email: 'lis@example.dk', customer_id: '31', shipping_address: JSON.stringify({ name: 'Lis Holm', address1: 'Vestergade 3', city: 'Vejle', zip: '7100', countryCodeV2: 'DK' }) });
    const shipment = await buildShipment(ctx.db, order, { tracking_code: 'EZ9000000009', status: 'in_transit', attention: 'carrier_mismatch', carrier: 'GLS' });
    await buildIssue(ctx.db, shipment, { kind: 'stalled' });
    await buildNotification(ctx.db, shipment, { kind: 'stalled', recipient: 'lis@example.dk', state: 'sent', sent_at: new Date() });
    const agent = await buildSupportUser(ctx, { role: 'agent' });
    const page = await (await browser.newContext({ locale: 'en-US', bypassCSP: true })).newPage();
    try {
      await page.goto(`${server.url}/support/login`);
      await page.getByLabel('Email').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(`${server.url}/support`);

      await page.getByLabel('Find an order').fill('#9001');
      await page.getByLabel('Find an order').press('Enter');
      await page.waitForURL(/\/support\/search\?q=/);
      await expectAccessible(page, 'search results');

      await page.getByRole('link', { name: 'EZ9000000009' }).click();
      await page.waitForURL(`${server.url}/support/shipments/${shipment.id}`);
      await expectAccessible(page, 'shipment view');

      await page.getByLabel('Add a note').fill('Asked GLS to trace it.');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.waitForURL(/done=note-added/);
      expect(await page.getByRole('status').first().textContent()).to.equal('Note added.');

      const byEmail = page.locator('form[aria-labelledby="block-email-heading"]');
      await byEmail.getByLabel('Reason').fill('Shouted at the courier');
      await byEmail.getByRole('button', { name: 'Add entry' }).click();
      await page.waitForURL(/done=block-added/);
      expect(await page.getByRole('alert').first().textContent()).to.include('warning');
      await expectAccessible(page, 'shipment view with a block banner');

      for (const path of ['/support/queues/stalled-late', '/support/queues/carrier-mismatch', '/support/queues/disputes', '/support/blocks']) {
        await page.goto(`${server.url}${path}`);
        await expectAccessible(page, path);
      }
      await page.goto(`${server.url}/support/queues/stalled-late`);
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Blocks' }).click();
      await page.waitForURL(`${server.url}/support/blocks`);
      expect(await page.locator('[data-table="active"] [data-level="warning"]').count()).to.equal(1);
    } finally {
      await page.context().close();
    }
  });
});
