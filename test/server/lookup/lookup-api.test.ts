import { expect } from 'chai';
import type { Order } from '../../../db/schema.ts';
import { NOT_FOUND_MESSAGE } from '../../../domain/lookup/lookup.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildBlock, buildIssue, buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';

describe('GET /api/v1/lookup', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof startApp>>;
  let order: Order;
  const lookup = (query: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/lookup?${new URLSearchParams(query)}`, { headers });

  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
    order = await buildOrder(ctx.db, ctx.shop.id, {
      name: '#1001',
      number: 1001,
      email: 'Anna.Jensen@Example.dk',
      postal_code: 'SW1A 1AA',
      customer_locale: 'da',
      shipping_address: JSON.stringify({ name: 'Anna Jensen', address1: 'Secret Street 1', city: 'Aarhus', countryCodeV2: 'DK', phone: '+4512345678', zip: '8000' }),
    });
    const shipment = await buildShipment(ctx.db, order, { tracking_code: 'EZ2000000002', carrier: 'USPS', status: 'in_transit', public_url: 'https://track.example/EZ2000000002' });
    await buildTrackingEvent(ctx.db, shipment, {
      occurred_at: new Date(Date.now() - 5 * 3_600_000),
      status: 'in_transit',
      message: '<script>alert(1)</script> Arrived at facility',
      location: JSON.stringify({ city: 'HOUSTON', state: 'TX', country: 'US' }),
    });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('answers with the order and its parcels for "#1001", "1001" and any case of the email', async () => {
    for (const reference of ['#1001', '1001', ' 1001 ']) {
      const res = await lookup({ order: reference, email: '  anna.jensen@example.DK ', lang: 'en' });
      expect(res.status, reference).to.equal(200);
      const body = (await res.json()) as { order: { name: string }; shipments: Array<Record<string, unknown>> };
      expect(body.order.name).to.equal('#1001');
      expect(body.shipments).to.have.length(1);
      expect(body.shipments[0]).to.include({ trackingCode: 'EZ2000000002', status: 'in_transit', statusLabel: 'On its way', trackingUrl: 'https://track.example/EZ2000000002' });
      expect((body.shipments[0].lastScan as { ago: string; place: string }).ago).to.equal('5 hours ago');
    }
  });

  it('accepts the postal code instead of the email', async () => {
    expect((await lookup({ order: '1001', postal_code: 'sw1a1aa' })).status).to.equal(200);
  });

  it('shows the destination as city and country only: no street, no phone, no name', async () => {
    const text = await (await lookup({ order: '1001', email: 'anna.jensen@example.dk' })).text();
    expect(text).to.include('Aarhus');
    expect(text).not.to.match(/Secret Street|4512345678|Anna Jensen/);
  });

  it('gives the same 404 for a wrong order, a wrong email, or both', async () => {
    const bodies = [];
    const queries: Array<Record<string, string>> = [
      { order: '9999', email: 'anna.jensen@example.dk' },
      { order: '1001', email: 'someone@example.com' },
      { order: '9999', email: 'someone@example.com' },
      { order: '1001', postal_code: '0000' },
    ];
    for (const query of queries) {
      const res = await lookup(query);
      expect(res.status).to.equal(404);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).to.equal(1);
    expect(bodies[0]).to.include(NOT_FOUND_MESSAGE);
  });

  it('chooses the language from ?lang=, then Accept-Language, then the order', async () => {
    const label = async (query: Record<string, string>, headers: Record<string, string> = {}) =>
      ((await (await lookup({ order: '1001', email: 'anna.jensen@example.dk', ...query }, headers)).json()) as { shipments: Array<{ statusLabel: string }> }).shipments[0].statusLabel;
    expect(await label({ lang: 'fil' })).to.equal('Papunta na');
    expect(await label({}, { 'accept-language': 'en-US,en;q=0.9' })).to.equal('On its way');
    expect(await label({})).to.equal('På vej');
  });

  it('refuses missing or oversized input with a clear 400, and ignores unknown parameters', async () => {
    expect((await lookup({ order: '1001' })).status).to.equal(400);
    expect((await lookup({ email: 'a@b.c' })).status).to.equal(400);
    expect((await lookup({ order: 'x'.repeat(65), email: 'a@b.c' })).status).to.equal(400);
    const ok = await lookup({ order: '1001', email: 'anna.jensen@example.dk', utm_source: 'mail' });
    expect(ok.status).to.equal(200);
  });

  it('says plainly when the shop presumes the parcel lost, in the shopper’s language', async () => {
    const shipment = await ctx.db.selectFrom('shipments').select(['id', 'shop_id']).executeTakeFirstOrThrow();
    for (const kind of ['stalled', 'lost'] as const) {
      await buildIssue(ctx.db, shipment, { kind, details: JSON.stringify({}) });
    }
    const parcel = async (lang: string) =>
      ((await (await lookup({ order: '1001', email: 'anna.jensen@example.dk', lang })).json()) as { shipments: Array<{ statusLabel: string; nextStep: string; flags: { presumedLost: boolean } }> }).shipments[0];
    const en = await parcel('en');
    expect(en).to.deep.include({ statusLabel: 'Presumed lost', flags: { delayed: true, actionNeeded: false, presumedLost: true } });
    expect(en.nextStep).to.match(/treat it as lost.*replacement or a refund/);
    expect((await parcel('da')).statusLabel).to.equal('Formodet bortkommet');
    expect((await parcel('fil')).statusLabel).to.equal('Posibleng nawala');
  });

  it('gives a blocked email or IP the neutral not-found answer', async () => {
    await buildBlock(ctx.db, ctx.shop.id, { subject: 'anna.jensen@example.dk', level: 'blocked', reason: 'fraud' });
    expect((await lookup({ order: '1001', email: 'anna.jensen@example.dk' })).status).to.equal(404);
    await ctx.db.deleteFrom('blocklist_entries').execute();
    await buildBlock(ctx.db, ctx.shop.id, { subject_kind: 'ip', subject: '127.0.0.0/8', level: 'blocked', reason: 'abuse' });
    expect((await lookup({ order: '1001', email: 'anna.jensen@example.dk' })).status).to.equal(404);
    const counted = async () => {
      await server.services.lookupCounter.flush();
      return ctx.db.selectFrom('order_lookups').select('lookups').execute();
    };
    expect(await counted(), 'a refused lookup is not counted').to.deep.equal([]);
    await ctx.db.updateTable('blocklist_entries').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await lookup({ order: '1001', email: 'anna.jensen@example.dk' })).status).to.equal(200);
    expect(await counted()).to.deep.equal([{ lookups: 1 }]);
  });

  it('keeps a blocked email blocked in any spelling the lookup accepts (full-width letters, case, spaces)', async () => {
    await buildBlock(ctx.db, ctx.shop.id, { subject: 'anna.jensen@example.dk', level: 'blocked', reason: 'fraud' });
    for (const email of ['ａnna.jensen@example.dk', 'ＡＮＮＡ.jensen@EXAMPLE.dk', ' Anna.Jensen@example.dk ']) {
      expect((await lookup({ order: '1001', email })).status, email).to.equal(404);
    }
  });

  it('answers a warned or restricted shopper as usual: only a full block is neutral', async () => {
    for (const level of ['warning', 'restricted'] as const) {
      await buildBlock(ctx.db, ctx.shop.id, { subject: 'anna.jensen@example.dk', level, reason: 'claims' });
      expect((await lookup({ order: '1001', email: 'anna.jensen@example.dk' })).status, level).to.equal(200);
      await ctx.db.deleteFrom('blocklist_entries').execute();
    }
  });
});

describe('lookup rate limits', () => {
  it('answers 429 with Retry-After past the per-IP limit, and exempts configured addresses', async () => {
    const ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '3', LOOKUP_RATE_PER_ORDER: '100' });
    const server = await startApp(ctx);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/api/v1/lookup?order=${1000 + i}&email=a@b.c`)).status);
      expect(statuses).to.deep.equal([404, 404, 404, 429, 429]);
      const limited = await fetch(`${server.url}/api/v1/lookup?order=1&email=a@b.c`);
      expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    } finally {
      await server.close();
      await ctx.close();
    }
    const exempt = await createTestContext({ LOOKUP_RATE_PER_IP: '1', LOOKUP_RATE_PER_ORDER: '1', LOOKUP_RATE_EXEMPT_IPS: '127.0.0.0/8,::1' });
    const open = await startApp(exempt);
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${open.url}/api/v1/lookup?order=1001&email=a@b.c`)).status).to.equal(404);
    } finally {
      await open.close();
      await exempt.close();
    }
  });

  it('limits lookups of one order number from anywhere', async () => {
    const ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '100', LOOKUP_RATE_PER_ORDER: '2' });
    const server = await startApp(ctx);
    try {
      const statuses = [];
      for (const reference of ['1001', '#1001', '1001']) statuses.push((await fetch(`${server.url}/api/v1/lookup?order=${encodeURIComponent(reference)}&email=x${statuses.length}@b.c`)).status);
      expect(statuses).to.deep.equal([404, 404, 429]);
    } finally {
      await server.close();
      await ctx.close();
    }
  });

  it('counts every spelling of one order number as that order: leading zeros, full-width digits, a #', async () => {
    const ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '100', LOOKUP_RATE_PER_ORDER: '3' });
    const server = await startApp(ctx);
    try {
      const statuses = [];
      for (const reference of ['01001', '0001001', '#0001001', '１００１', '1001']) {
        statuses.push((await fetch(`${server.url}/api/v1/lookup?order=${encodeURIComponent(reference)}&email=x${statuses.length}@b.c`)).status);
      }
      expect(statuses).to.deep.equal([404, 404, 404, 429, 429]);
      expect((await fetch(`${server.url}/api/v1/lookup?order=1002&email=a@b.c`)).status, 'another order').to.equal(404);
    } finally {
      await server.close();
      await ctx.close();
    }
  });
});
