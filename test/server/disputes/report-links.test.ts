import { expect } from 'chai';
import { signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildDispute, buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';

// The lookup page's way into a case (report-links.ts): a button per delivered parcel, or since when
// its case is open.

describe('the lookup page’s "I haven’t received it" button', () => {
  let ctx: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('links each delivered parcel, after a typed lookup and from a signed link, to its report page', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { number: 1077, name: '#1077', email: 'ana@example.ph', shipping_address: JSON.stringify({ city: 'Manila', countryCodeV2: 'PH' }) });
    const delivered = await buildShipment(ctx.db, order, { status: 'delivered', delivered_at: new Date(Date.now() - 86_400_000) });
    await buildShipment(ctx.db, order, { status: 'in_transit' });
    const typed = await (await fetch(`${server.url}/track?order=1077&email=ana%40example.ph&lang=en`)).text();
    const signed = await (await fetch(`${server.url}/track/${signLink(TEST_SECRET, 'track', { o: order.id }, 3600)}?lang=en`)).text();
    for (const html of [typed, signed]) {
      expect(html).not.to.include('mailto:?');
      const links = [...html.matchAll(/<a class="button" href="([^"]+)">I haven’t received it<\/a>/g)].map((m) => m[1]);
      expect(links).to.have.length(1);
      expect(links[0]).to.match(new RegExp(`^/track/[\\w.-]+/parcels/${delivered.id}/not-received$`));
      const res = await fetch(`${server.url}${links[0]}`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.include('It’s still not here');
    }
  });

  it('says since when a reported parcel is being looked into, instead of the button', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id, { number: 1078, name: '#1078', email: 'mette@example.dk', customer_locale: 'da', shipping_address: JSON.stringify({ city: 'Aarhus', countryCodeV2: 'DK' }) });
    const delivered = await buildShipment(ctx.db, order, { status: 'delivered', delivered_at: new Date(Date.now() - 86_400_000) });
    await buildDispute(ctx.db, order, { shipment_id: delivered.id, opened_at: new Date('2026-11-20T09:30:00Z') });
    const html = await (await fetch(`${server.url}/track/${signLink(TEST_SECRET, 'track', { o: order.id }, 3600)}`)).text();
    expect(html).not.to.include('class="button" href="/track/');
    expect(html).to.match(/data-report="open">Du skrev til os den 20\. nov\. 2026[^<]*10\.30, at pakken ikke er nået frem til dig\./);
    expect(html).to.match(new RegExp(`<a href="/track/[\\w.-]+/parcels/${delivered.id}/not-received">Din henvendelse</a>`));
  });
});
