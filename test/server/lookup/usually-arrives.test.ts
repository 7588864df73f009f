import { expect } from 'chai';
import type { Order } from '../../../db/schema.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';

// The learned estimate on the shopper's side: shown as "usually arrives by" only when the carrier
// gives no date of its own, never as the carrier's "estimated delivery"; and every answered lookup
// counted for the analytics.
describe('lookup: the learned estimate and the lookup count', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof startApp>>;
  let order: Order;

  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
    order = await buildOrder(ctx.db, ctx.shop.id, { name: '#1001', number: 1001, email: 'anna@example.dk', customer_locale: 'da', shipping_address: JSON.stringify({ city: 'Aarhus', countryCodeV2: 'DK' }) });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  const parcel = (values: { est?: string; learned?: string }) =>
    buildShipment(ctx.db, order, {
      carrier: 'PostNord',
      status: 'in_transit',
      est_delivery_at: values.est ? new Date(values.est) : null,
      learned_est_delivery_at: values.learned ? new Date(values.learned) : null,
    });
  const api = async (lang = 'en') => {
    const res = await fetch(`${server.url}/api/v1/lookup?order=1001&email=anna@example.dk&lang=${lang}`);
    expect(res.status).to.equal(200);
    return ((await res.json()) as { shipments: Array<{ estimatedDelivery: string | null; usuallyArrivesBy: string | null }> }).shipments[0];
  };
  const page = async (lang: string) => (await fetch(`${server.url}/track?order=1001&email=anna@example.dk&lang=${lang}`)).text();

  it('says "usually arrives by" in each language when only the learned date is known', async () => {
    await parcel({ learned: '2026-12-03T00:00:00Z' });
    expect(await api()).to.include({ estimatedDelivery: null, usuallyArrivesBy: '2026-12-03' });
    const words = { en: ['Usually arrives by', 'Estimated delivery'], da: ['Plejer at være fremme senest', 'Forventet levering'], fil: ['Karaniwang dumarating hanggang', 'Inaasahang pagdating'] };
    for (const [lang, [usually, estimated]] of Object.entries(words)) {
      const html = await page(lang);
      expect(html, lang).to.include(usually);
      expect(html, lang).not.to.include(estimated);
      expect(html).to.match(/data-usually>[^<]*2026/);
    }
  });

  it('shows the carrier’s date alone when the carrier gives one', async () => {
    await parcel({ est: '2026-12-02T00:00:00Z', learned: '2026-12-03T00:00:00Z' });
    expect(await api()).to.include({ estimatedDelivery: '2026-12-02', usuallyArrivesBy: null });
    const html = await page('en');
    expect(html).to.include('Estimated delivery');
    expect(html).not.to.include('Usually arrives by');
  });

  it('counts each answered lookup for its order, and none for a wrong email', async () => {
    await parcel({});
    await api();
    await api('da');
    await fetch(`${server.url}/api/v1/lookup?order=1001&email=someone@example.dk`);
    expect(await ctx.db.selectFrom('order_lookups').selectAll().execute(), 'written in batches, not per lookup').to.deep.equal([]);
    await server.services.lookupCounter.flush();
    const rows = await ctx.db.selectFrom('order_lookups').select(['order_id', 'lookups']).execute();
    expect(rows).to.deep.equal([{ order_id: order.id, lookups: 2 }]);
  });
});
