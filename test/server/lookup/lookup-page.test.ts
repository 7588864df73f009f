import { expect } from 'chai';
import type { Order } from '../../../db/schema.ts';
import { signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';

describe('the lookup page', () => {
  let ctx: TestContext;
  let server: TestServer;
  let order: Order;
  const page = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000', SHOP_NAME: 'Nordic <b>Socks</b>' });
    server = await startApp(ctx);
    order = await buildOrder(ctx.db, ctx.shop.id, {
      name: '#1002<img src=x onerror=alert(1)>',
      number: 1002,
      email: 'mette@example.dk',
      customer_locale: 'da',
      shipping_address: JSON.stringify({ city: 'København', countryCodeV2: 'DK' }),
    });
    const shipment = await buildShipment(ctx.db, order, { tracking_code: 'EZ4000000004', carrier: 'USPS', status: 'delivered', delivered_at: new Date('2026-11-19T23:30:00Z'), signed_by: 'John Tester' });
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: new Date('2026-11-19T23:30:00Z'), status: 'delivered', message: '"><script>alert("carrier")</script>', location: JSON.stringify({ city: 'KØBENHAVN' }) });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('shows an accessible form that search engines must not index', async () => {
    const res = await page('/track');
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    const html = await res.text();
    expect(html).to.include('<meta name="robots" content="noindex, nofollow">');
    expect(html).to.match(/<label for="order">/);
    expect(html).to.match(/<main id="main">/);
  });

  it('answers a typed lookup with the status and escapes every hostile string', async () => {
    const res = await page(`/track?order=1002&email=${encodeURIComponent('METTE@example.dk')}&lang=en`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('Delivered');
    expect(html).to.include('John Tester');
    expect(html).not.to.include('<script>alert("carrier")</script>');
    expect(html).to.include('&lt;script&gt;');
    expect(html).not.to.include('<img src=x');
    expect(html).not.to.include('<b>Socks</b>');
  });

  it('says politely when nothing matches, keeping what was typed', async () => {
    const res = await page('/track?order=1002&email=wrong@example.com&lang=en');
    expect(res.status).to.equal(404);
    const html = await res.text();
    expect(html).to.include('We could not find an order');
    expect(html).to.include('value="1002"');
  });

  it('opens from a signed link in the shopper’s language, with dates in the destination’s time zone', async () => {
    const token = signLink(TEST_SECRET, 'track', { o: order.id }, 3600);
    const res = await page(`/track/${token}`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('<html lang="da">');
    expect(html).to.include('Leveret');
    // 23:30 UTC on the 19th is already the 20th in Copenhagen.
    expect(html).to.match(/20\. nov/);
  });

  it('refuses a tampered link and an expired one, and offers the form', async () => {
    const token = signLink(TEST_SECRET, 'track', { o: order.id }, 3600);
    const tampered = `${token.slice(0, -2)}xx`;
    expect((await page(`/track/${tampered}?lang=en`)).status).to.equal(400);
    const expired = signLink(TEST_SECRET, 'track', { o: order.id }, 60, Date.now() - 3_600_000);
    const res = await page(`/track/${expired}?lang=en`);
    expect(res.status).to.equal(410);
    expect(await res.text()).to.include('This link has expired');
  });
});
