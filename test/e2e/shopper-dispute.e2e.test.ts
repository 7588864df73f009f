import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Order, Shipment } from '../../db/schema.ts';
import { addressCheckPath, LINK_PURPOSE, signLink } from '../../core/links.ts';
import { startApp, TEST_SECRET } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import type { TestServer } from '../support/http.ts';
import { danishOrder } from '../support/presets.ts';
import { axeViolations, describeViolations, isBlocking } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { focusedElement } from './support/dom.ts';
import { saveScreenshot } from './support/screenshots.ts';

// The shopper's "I haven't received it" flow and the address confirmation in a real (headless)
// Chromium, from the lookup page's button to the confirmation, with axe on every page on the way.

describe('the shopper’s not-received pages in a browser', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;
  let order: Order;
  let delivered: Shipment;

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await saveScreenshot(page, name);
    const blocking = (await axeViolations(page)).filter(isBlocking);
    expect(blocking, `${name}:\n${describeViolations(blocking)}`).to.have.length(0);
  }

  before(async () => {
    browser = await launchChromium();
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000', SHOP_NAME: 'Nordic Socks', SUPPORT_EMAIL: 'help@nordic-socks.example' });
    server = await startApp(ctx);
    ({ order, parcel: delivered } = await danishOrder(ctx));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  it('goes from the lookup page’s button to the report, and opens one case', async () => {
    const page = await (await browser.newContext({ locale: 'en-US', bypassCSP: true, viewport: { width: 390, height: 844 } })).newPage();
    try {
      await page.goto(`${server.url}/track?lang=en&order=1042&email=mette%40example.dk`);
      await Promise.all([page.waitForURL(/\/not-received/), page.getByRole('link', { name: 'I haven’t received it' }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Haven’t received your parcel?');
      expect(await page.getByRole('heading', { name: 'It may still turn up' }).count()).to.equal(1);
      await expectAccessible(page, 'not-received-report');

      await page.getByLabel('Anything we should know? (optional)').fill('Asked the neighbours already.');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'It’s still not here' }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Thank you — we’re on it');
      await expectAccessible(page, 'not-received-done');
      const cases = await ctx.db.selectFrom('disputes').select('shopper_note').where('shipment_id', '=', delivered.id).execute();
      expect(cases).to.deep.equal([{ shopper_note: 'Asked the neighbours already.' }]);
    } finally {
      await page.context().close();
    }
  });

  it('confirms the address from the email’s "it was wrong" link with the keyboard', async () => {
    const dispute = await ctx.db.selectFrom('disputes').select('id').where('shipment_id', '=', delivered.id).executeTakeFirstOrThrow();
    const token = signLink(TEST_SECRET, LINK_PURPOSE.address, { d: dispute.id }, 3600);
    const page = await (await browser.newContext({ locale: 'da-DK', bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage();
    try {
      await page.goto(`${server.url}${addressCheckPath(token)}?answer=wrong&lang=en`);
      expect(await page.locator('address').innerText()).to.include('Nørregade 7');
      expect((await focusedElement(page)).id).to.equal('correction');
      await expectAccessible(page, 'address-check');
      await page.keyboard.type('Søndergade 3, 8000 Aarhus C');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Send the right address' }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Thank you');
      await expectAccessible(page, 'address-check-thanks');
      const answered = await ctx.db.selectFrom('disputes').select(['address_answer', 'address_correction']).where('id', '=', dispute.id).executeTakeFirstOrThrow();
      expect(answered).to.deep.equal({ address_answer: 'wrong', address_correction: 'Søndergade 3, 8000 Aarhus C' });
    } finally {
      await page.context().close();
    }
  });
});
