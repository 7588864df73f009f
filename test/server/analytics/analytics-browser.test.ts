import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { expectAccessible } from '../../e2e/support/axe.ts';
import { launchChromium } from '../../e2e/support/browser.ts';
import { saveScreenshot } from '../../e2e/support/screenshots.ts';
import { seedAnalyticsShop } from '../../support/analytics-data.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser } from '../support/console-client.ts';

// The analytics page in headless Chromium: reached from the console's navigation, filtered with the
// form alone (no script), every chart an image with a name, free of serious accessibility problems.

describe('the analytics page in a browser', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
    ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks', SHOP_TIME_ZONE: 'America/New_York' });
    server = await startApp(ctx);
    await seedAnalyticsShop(ctx.db, ctx.shop.id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  it('opens from the console, filters by dates and carrier, and passes axe', async () => {
    const agent = await buildSupportUser(ctx, { role: 'agent' });
    const page = await (await browser.newContext({ locale: 'en-US', bypassCSP: true, viewport: { width: 1000, height: 900 } })).newPage();
    try {
      await page.goto(`${server.url}/support/login`);
      await page.getByLabel('Email').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByLabel('Password').press('Enter');
      await page.waitForURL(`${server.url}/support`);
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Analytics' }).click();
      await page.waitForURL(`${server.url}/support/analytics`);

      await page.getByLabel('From', { exact: true }).fill('2026-11-01');
      await page.getByLabel('To', { exact: true }).fill('2026-11-07');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/from=2026-11-01&to=2026-11-07/);
      const shipped = page.locator('[data-table="overview"] tr', { hasText: 'Parcels shipped' }).locator('td');
      expect(await shipped.textContent()).to.equal('5');
      expect(await page.getByRole('img', { name: 'Days from label to delivery, by carrier and service' }).count()).to.equal(1);
      expect(await page.getByRole('img').count()).to.equal(4);
      await expectAccessible(page, 'analytics');
      await saveScreenshot(page, 'analytics');

      await page.getByLabel('Carrier', { exact: true }).selectOption('UPS');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/carrier=UPS/);
      expect(await shipped.textContent()).to.equal('2');
      await expectAccessible(page, 'analytics filtered by carrier');

      const download = page.waitForEvent('download');
      await page.locator('[data-table="daily"]').getByRole('link', { name: 'Download this table as CSV' }).click();
      expect((await download).suggestedFilename()).to.equal('whereabouts-daily-2026-11-01-2026-11-07.csv');
    } finally {
      await page.context().close();
    }
  });
});
