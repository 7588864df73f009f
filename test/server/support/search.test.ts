import { expect } from 'chai';
import type { Order, Shipment } from '../../../db/schema.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { shipmentLinks, startConsole, type ConsoleSuite } from './console-setup.ts';

describe('support console search', () => {
  let suite: ConsoleSuite;
  let anna: Order;
  let annaParcels: Shipment[];
  let other: Shipment;
  const search = async (q: string) => {
    const res = await suite.agent.get(`/support/search?${new URLSearchParams({ q })}`);
    expect(res.status, q).to.equal(200);
    return res.text();
  };

  beforeEach(async () => {
    suite = await startConsole();
    const { ctx } = suite;
    anna = await buildOrder(ctx.db, ctx.shop.id, { name: '#1001', number: 1001, email: 'Anna.Jensen@Example.dk', customer_id: '7001' });
    annaParcels = [
      await buildShipment(ctx.db, anna, { tracking_code: 'EZ2000000002', carrier: 'USPS', status: 'in_transit' }),
      await buildShipment(ctx.db, anna, { tracking_code: '1Z999AA10123456784', declared_carrier: 'UPS', carrier: null, retired_at: new Date() }),
    ];
    const bo = await buildOrder(ctx.db, ctx.shop.id, { name: '#2002', number: 2002, email: 'bo@example.com' });
    other = await buildShipment(ctx.db, bo, { tracking_code: 'EZ3000000003' });
  });
  afterEach(() => suite.close());

  it('finds an order by "#1001" or "1001", with every parcel linking to its view', async () => {
    for (const q of ['#1001', '1001', ' 1001 ']) {
      const html = await search(q);
      expect(html, q).to.include('data-order="#1001"').and.not.include('data-order="#2002"');
      expect(shipmentLinks(html), q).to.have.members(annaParcels.map((s) => s.id));
      expect(html).to.include('EZ2000000002').and.include('On its way').and.include('USPS').and.include('tracking stopped');
    }
  });

  it('finds an order by email in any case, trimmed', async () => {
    const html = await search('  anna.JENSEN@example.DK ');
    expect(html).to.include('data-order="#1001"').and.not.include('data-order="#2002"');
    expect(html).to.include('customer 7001');
  });

  it('finds an order by tracking code in any case, and only that one', async () => {
    const html = await search('ez3000000003');
    expect(html).to.include('data-order="#2002"').and.not.include('data-order="#1001"');
    expect(shipmentLinks(html)).to.deep.equal([other.id]);
  });

  it('says when nothing matches, and escapes what was typed', async () => {
    const html = await search('<b>nobody</b>@example.com');
    expect(html).to.include('0 orders for').and.include('&lt;b&gt;nobody&lt;/b&gt;').and.not.include('<b>nobody</b>');
    expect(await search('9999')).to.include('No order matches');
  });

  it('puts a labelled search box on every console page, and sends strangers to sign in', async () => {
    const html = await (await suite.agent.get('/support')).text();
    expect(html).to.match(/<label for="console-search">[^<]+<\/label>\s*<input id="console-search" name="q"/);
    expect(html).to.include('>Search</a>');
    const res = await fetch(`${suite.server.url}/support/search?q=1001`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.match(/^\/support\/login\?next=/);
  });
});
