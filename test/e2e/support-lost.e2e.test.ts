import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { lockShipment } from '../../db/shipments.repository.ts';
import { createMailer } from '../../emails/transport.ts';
import { createNotificationMailer } from '../../domain/notifications/email-mailer.ts';
import { evaluateShipment } from '../../domain/after-change.ts';
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

const DAY = 86_400_000;

// A support agent works a presumed-lost parcel in a real headless Chromium: the queue of lost parcels,
// the case with the parcel's silence and the emails the shopper already had, a note, and a
// replacement sent — which becomes a new parcel of the order, and the shopper hears of it in
// Filipino. Every page passes axe-core without a serious or critical violation.
describe('a support agent works a presumed-lost parcel in a browser', function () {
  this.timeout(90_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;
  let sink: SmtpSink;

  before(async () => {
    browser = await launchChromium();
    sink = await startSmtpSink();
    ctx = await createTestContext({ SHOP_NAME: 'Isla Crafts', SUPPORT_EMAIL: 'help@isla-crafts.example', SMTP_URL: sink.url, EMAIL_SHIPPED: 'false' });
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

  it('opens the lost parcel from its queue, reads its silence, notes it and sends a replacement', async () => {
    const agent = await buildSupportUser(ctx, { email: 'ligaya@isla-crafts.example', role: 'agent' });
    const order = await buildOrder(ctx.db, ctx.shop.id, {
      name: '#3108',
      email: 'maria.santos@example.ph',
      customer_locale: 'fil',
      shipping_address: JSON.stringify({ name: 'Maria Santos', address1: '12 Mabini St', city: 'Quezon City', zip: '1100', country: 'Philippines', countryCodeV2: 'US' }),
    } as never);
    const lastScan = new Date(Date.now() - 9 * DAY);
    const shipment = await buildShipment(ctx.db, order, { carrier: 'USPS', status: 'in_transit', last_scan_at: lastScan, last_change_at: lastScan, public_url: 'https://tracking.example/US3108' });
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: lastScan, status: 'in_transit', message: 'Arrived at USPS Regional Facility', location: JSON.stringify({ city: 'Memphis', state: 'TN', zip: '38118', country: 'US' }) });
    const queue = await ctx.queue();
    const evaluateAt = (at: Date) =>
      ctx.db.transaction().execute(async (trx) => evaluateShipment(trx, (await lockShipment(trx, shipment.id))!, at, { config: ctx.config, logger: ctx.logger, queue }));
    // The stall and its email, the follow-up three days later, then presumed lost.
    await evaluateAt(new Date(lastScan.getTime() + 3 * DAY));
    await evaluateAt(new Date(lastScan.getTime() + 6 * DAY));
    await evaluateAt(new Date());
    await waitFor(async () => sink.received.some((m) => m.to.includes('help@isla-crafts.example') && /presumed lost/i.test(m.parsed.subject ?? '')));

    const page = await (await browser.newContext({ locale: 'en-GB', bypassCSP: true, viewport: { width: 1100, height: 900 } })).newPage();
    try {
      await page.goto(`${server.url}/support`);
      await page.getByLabel('Email').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/support`);

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Presumed lost' }).click();
      await page.waitForURL(`${server.url}/support/queues/lost`);
      const row = page.locator('table[data-queue="lost"] tr[data-row]');
      expect(await row.count()).to.equal(1);
      expect(await row.innerText()).to.include('No scan for too long').and.include(shipment.tracking_code).and.include('USPS');
      await expectAccessible(page, 'the queue of presumed-lost parcels');
      await saveScreenshot(page, 'console-lost-queue');

      await row.getByRole('link', { name: '#3108' }).click();
      await page.waitForURL(/\/support\/disputes\/[0-9a-f-]{36}$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Presumed lost: order #3108');
      const evidence = page.locator('[data-section="evidence"]');
      expect(await evidence.locator('[data-field="lost-reason"]').textContent()).to.equal('No scan for too long');
      expect(await evidence.locator('[data-field="days-silent"]').textContent()).to.equal('9 days (the threshold is 7)');
      expect(await evidence.locator('[data-field="last-scan-place"]').textContent()).to.include('Memphis');
      expect(await evidence.locator('[data-parcel-email]').evaluateAll((items) => items.map((i) => i.getAttribute('data-parcel-email')))).to.deep.equal(['stalled', 'follow_up']);
      expect(await page.locator('[data-section="address"]').count()).to.equal(0);
      expect(await page.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.getAttribute('value')))).to.deep.equal(['found', 'reshipped', 'refunded']);
      await expectAccessible(page, 'the lost case with its silence');
      await saveScreenshot(page, 'console-lost-case');

      await page.getByLabel('Add a note').fill('USPS trace opened, no answer in 48 h.');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.waitForURL(/\?done=note-added$/);
      expect(await page.locator('[data-note]').first().textContent()).to.include('USPS trace opened');

      await page.getByRole('radio', { name: 'Reshipped' }).check();
      await page.getByLabel('Tracking number').fill('9400 1000 0000 0000 3108 00');
      await page.getByLabel('Carrier').fill('USPS');
      await page.getByLabel('Note (the shopper reads it in the email)').fill('Sent by Priority Mail today.');
      await page.getByRole('button', { name: 'Resolve the case' }).click();
      await page.waitForURL(/\?done=resolved$/);
      expect(await page.locator('[data-field="state"]').textContent()).to.equal('Resolved: Reshipped');
      expect(await page.locator('[data-field="replacement"]').textContent()).to.include('9400100000000000310800');
      await expectAccessible(page, 'the resolved lost case');

      const parcels = await ctx.db.selectFrom('shipments').select(['tracking_code', 'replaces_shipment_id', 'next_check_at']).where('order_id', '=', order.id).orderBy('created_at').execute();
      expect(parcels.map((p) => [p.tracking_code, p.replaces_shipment_id])).to.deep.equal([[shipment.tracking_code, null], ['9400100000000000310800', shipment.id]]);
      expect(parcels[1].next_check_at).to.be.instanceOf(Date);

      await waitFor(async () => sink.received.some((m) => m.to.includes(order.email!) && m.parsed.subject === 'Nagpadala kami ng kapalit para sa order #3108'));
      const outcome = sink.received.find((m) => m.parsed.subject === 'Nagpadala kami ng kapalit para sa order #3108')!;
      expect(outcome.parsed.text).to.include('9400100000000000310800').and.include('Sent by Priority Mail today.');

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Presumed lost' }).click();
      expect(await page.locator('table[data-queue="lost"] tr[data-row]').count()).to.equal(0);
    } finally {
      await page.context().close();
    }
  });
});
