import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { expectAccessible } from '../../e2e/support/axe.ts';
import { launchChromium } from '../../e2e/support/browser.ts';
import { buildSupportUser } from './console-client.ts';

// The console in a real (headless) Chromium, without JavaScript of its own: signing in through the
// form, every page free of serious accessibility problems (axe-core, injected past the CSP), creating
// a token, signing out.

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
});
