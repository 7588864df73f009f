import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createMailer } from '../../emails/transport.ts';
import { openShopperCase } from '../../domain/cases/cases.ts';
import { createNotificationMailer } from '../../domain/notifications/email-mailer.ts';
import { startApp, TEST_SECRET } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildOrder, buildShipment, buildTrackingEvent } from '../support/factories.ts';
import type { TestServer } from '../support/http.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { waitFor } from '../support/wait.ts';
import { buildSupportUser } from '../server/support/console-client.ts';
import { expectAccessible } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';

// A support agent's day with a not-received case, in a real headless Chromium: sign in, open the
// queue of cases, read the evidence, record the address as confirmed with the customer, resolve it —
// and the shopper gets the outcome by email. Every page passes axe-core without a serious or
// critical violation.

describe('a support agent works a not-received case in a browser', function () {
  this.timeout(90_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;
  let sink: SmtpSink;

  before(async () => {
    browser = await launchChromium();
    sink = await startSmtpSink();
    ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks', SUPPORT_EMAIL: 'help@nordic-socks.example', SMTP_URL: sink.url });
    const transport = createMailer({ smtpUrl: ctx.config.SMTP_URL }, ctx.db);
    await ctx.startWorkers({ mailer: createNotificationMailer(ctx.db, ctx.config, TEST_SECRET, transport) });
    server = await startApp(ctx);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
    await sink?.close();
  });

  it('signs in, opens the case from the queue, reads the evidence, confirms the address and resolves it', async () => {
    const agent = await buildSupportUser(ctx, { email: 'sofie@nordic-socks.example', role: 'agent' });
    const order = await buildOrder(ctx.db, ctx.shop.id, {
      name: '#2417',
      email: 'mette.larsen@example.dk',
      customer_locale: 'da',
      customer_id: '7301',
      postal_code: '8000',
      shipping_address: JSON.stringify({ name: 'Mette Larsen', address1: 'Vestergade 12', city: 'Aarhus C', zip: '8000', country: 'Denmark', countryCodeV2: 'DK' }),
    } as never);
    const deliveredAt = new Date(Date.now() - 30 * 3_600_000);
    const shipment = await buildShipment(ctx.db, order, { carrier: 'PostNord', status: 'delivered', delivered_at: deliveredAt, signed_by: 'Neighbour, no. 14', public_url: 'https://tracking.example/PN123' });
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: deliveredAt, status: 'delivered', message: 'Delivered to a neighbour', location: JSON.stringify({ city: 'Aarhus N', zip: '8200', country: 'DK' }) });
    const caseContext = { config: ctx.config, queue: await ctx.queue(), logger: ctx.logger };
    await ctx.db.transaction().execute((trx) => openShopperCase(trx, caseContext, { order, shipment, note: 'Nothing at my door, and the neighbours have nothing.', now: new Date() }));
    await waitFor(async () => sink.received.filter((m) => m.to.includes(order.email!)).length === 2);

    const page = await (await browser.newContext({ locale: 'en-GB', bypassCSP: true, viewport: { width: 1100, height: 900 } })).newPage();
    try {
      await page.goto(`${server.url}/support`);
      await page.getByLabel('Email').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/support`);

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Not-received cases' }).click();
      await page.waitForURL(`${server.url}/support/queues/disputes`);
      const row = page.locator('table[data-queue="disputes"] tr[data-row]');
      expect(await row.count()).to.equal(1);
      await expectAccessible(page, 'the queue of cases');
      await saveScreenshot(page, 'console-dispute-queue');

      await row.getByRole('link', { name: '#2417' }).click();
      await page.waitForURL(/\/support\/disputes\/[0-9a-f-]{36}$/);
      const evidence = page.locator('[data-section="evidence"]');
      expect(await evidence.locator('[data-field="postal-check"]').textContent()).to.include('Mismatch').and.include('delivery scan 8200, order 8000');
      expect(await evidence.locator('[data-field="signed-by"]').textContent()).to.equal('Neighbour, no. 14');
      expect(await evidence.locator('[data-field="address"]').innerText()).to.include('Vestergade 12').and.include('8000 Aarhus C');
      expect(await evidence.getByRole('link', { name: shipment.tracking_code }).getAttribute('href')).to.equal('https://tracking.example/PN123');
      expect(await page.locator('[data-field="shopper-note"]').textContent()).to.equal('Nothing at my door, and the neighbours have nothing.');
      await expectAccessible(page, 'the case with its evidence');
      await saveScreenshot(page, 'console-dispute-evidence');

      await page.getByLabel('How it was confirmed (optional)').fill('Called Mette: Vestergade 12 is right.');
      await page.getByRole('button', { name: 'Record: address confirmed with the customer' }).click();
      await page.waitForURL(/\?done=address-confirmed$/);
      expect(await page.getByRole('status').textContent()).to.include('address was confirmed');
      expect(await page.locator('[data-field="address-confirmed"]').textContent()).to.include(`Confirmed with the customer by ${agent.email}`);

      await page.getByRole('radio', { name: 'Reshipped' }).check();
      await page.getByLabel('Note (the shopper reads it in the email)').fill('A new parcel left today with a signature required.');
      await page.getByRole('button', { name: 'Resolve the case' }).click();
      await page.waitForURL(/\?done=resolved$/);
      expect(await page.locator('[data-field="state"]').textContent()).to.equal('Resolved: Reshipped');
      expect(await page.locator('[data-field="resolution"]').textContent()).to.include(`Reshipped, by ${agent.email}`);
      await expectAccessible(page, 'the resolved case');
      await saveScreenshot(page, 'console-dispute-resolved');

      await waitFor(async () => sink.received.filter((m) => m.to.includes(order.email!)).length === 3);
      const outcome = sink.received.filter((m) => m.to.includes(order.email!))[2];
      expect(outcome.parsed.subject).to.equal('Vi sender din ordre #2417 igen');
      expect(outcome.parsed.text).to.include('A new parcel left today with a signature required.');

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Not-received cases' }).click();
      expect(await page.locator('table[data-queue="disputes"] tr[data-row]').count()).to.equal(0);
    } finally {
      await page.context().close();
    }
  });
});
