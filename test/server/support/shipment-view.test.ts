import { expect } from 'chai';
import type { Order, Shipment } from '../../../db/schema.ts';
import { buildBlock, buildDispute, buildIssue, buildNotification, buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import { auditActions, startConsole, type ConsoleSuite } from './console-setup.ts';

describe('support console shipment view', () => {
  let suite: ConsoleSuite;
  let order: Order;
  let shipment: Shipment;
  const view = async (client = suite.agent) => {
    const res = await client.get(`/support/shipments/${shipment.id}`);
    expect(res.status).to.equal(200);
    return res.text();
  };

  beforeEach(async () => {
    // The shop is in Los Angeles, the parcel goes to Denmark: the console keeps the shop's clock.
    suite = await startConsole({ SHOP_TIME_ZONE: 'America/Los_Angeles' });
    const { ctx } = suite;
    order = await buildOrder(ctx.db, ctx.shop.id, {
      name: '#7001',
      email: 'mette@example.dk',
      customer_id: '4242',
      customer_locale: 'da',
      shipping_address: JSON.stringify({ name: 'Mette Hansen', address1: 'Søndergade 12', address2: '2. tv', city: 'Aarhus', zip: '8000', country: 'Denmark', countryCodeV2: 'DK', phone: '+4512345678' }),
    });
    shipment = await buildShipment(ctx.db, order, {
      tracking_code: 'EZ4000000004',
      declared_carrier: 'UPS',
      carrier: 'PostNord',
      status: 'in_transit',
      public_url: 'https://track.example/EZ4000000004',
      tracking_url: 'javascript:alert(1)',
      last_scan_at: new Date('2026-11-10T08:00:00Z'),
    });
    const event = (at: string, status: string, message: string) =>
      buildTrackingEvent(ctx.db, shipment, { occurred_at: new Date(at), status, message, location: JSON.stringify({ city: 'HAMBURG', country: 'DE' }) });
    await event('2026-11-08T08:00:00Z', 'pre_transit', 'Label created');
    await event('2026-11-10T08:00:00Z', 'in_transit', '<script>alert(1)</script> Departed facility');
    await buildIssue(ctx.db, shipment, {
      kind: 'stalled',
      opened_at: new Date('2026-11-13T08:00:00Z'),
      details: JSON.stringify({ situation: 'no_new_scan', lastScanAt: '2026-11-10T08:00:00Z', quietHours: 72, thresholdHours: 72, explanation: 'default for domestic parcels (STALL_AFTER_HOURS)' }),
    });
  });
  afterEach(() => suite.close());

  it('shows the order, the full address, both carriers, the open issue with its threshold and the timeline newest first', async () => {
    const html = await view();
    expect(html).to.include('#7001').and.include('mette@example.dk').and.include('4242');
    expect(html).to.match(/data-address>Mette Hansen<br>Søndergade 12<br>2\. tv<br>8000 Aarhus<br>Denmark<br>Phone \+4512345678</);
    expect(html).to.include('<dt>Declared carrier</dt><dd>UPS</dd>').and.include('<dt>Detected carrier</dt><dd>PostNord</dd>');
    expect(html).to.include('href="https://track.example/EZ4000000004"').and.not.include('href="javascript:');
    expect(html).to.include('No new scan for 72 hours; stalled after 72 hours (default for domestic parcels (STALL_AFTER_HOURS))');
    const timeline = html.split('data-event').slice(1);
    expect(timeline).to.have.length(2);
    expect(timeline[0]).to.include('Departed facility').and.include('<time datetime="2026-11-10T08:00:00.000Z">10 Nov 2026, 00:00 PST</time>');
    expect(timeline[1]).to.include('Label created');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;').and.not.include('<script>alert(1)</script>');
  });

  it('lists the emails with previews, the order’s cases and notes, and a banner for a blocked customer', async () => {
    const { ctx } = suite;
    const sent = await buildNotification(ctx.db, shipment, { kind: 'stalled', recipient: 'mette@example.dk', locale: 'da', state: 'sent', sent_at: new Date('2026-11-13T09:00:00Z') });
    await buildNotification(ctx.db, shipment, { kind: 'late', recipient: 'mette@example.dk', state: 'suppressed', suppressed_reason: 'recently_notified' });
    const dispute = await buildDispute(ctx.db, order, { shipment_id: shipment.id });
    await ctx.db.insertInto('support_notes').values({ shop_id: ctx.shop.id, order_id: order.id, shipment_id: shipment.id, body: 'Called the <b>shopper</b>' }).execute();
    await buildBlock(ctx.db, ctx.shop.id, { subject_kind: 'customer', subject: '4242', level: 'restricted', reason: 'three claims this year' });

    const html = await view();
    expect(html).to.include(`href="/support/notifications/${sent.id}/preview"`);
    expect(html).to.include('recently notified').and.include('sent <time datetime="2026-11-13T09:00:00.000Z">13 Nov 2026, 01:00 PST</time>');
    expect(html).to.include(`href="/support/disputes/${dispute.id}"`);
    expect(html).to.include('Called the &lt;b&gt;shopper&lt;/b&gt;');
    expect(html).to.match(/data-block-level="restricted"[^]*three claims this year/);
  });

  it('previews an email as it would be sent now, under a policy that runs nothing', async () => {
    const { ctx } = suite;
    const row = await buildNotification(ctx.db, shipment, { kind: 'stalled', recipient: 'mette@example.dk', locale: 'en', state: 'sent' });
    const res = await suite.agent.get(`/support/notifications/${row.id}/preview`);
    expect(res.status).to.equal(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'none'").and.include('sandbox').and.not.include('script-src');
    const html = await res.text();
    expect(html).to.include('#7001').and.include('EZ4000000004');
    expect(html).not.to.include('<script>alert(1)</script>');
    const text = await (await suite.agent.get(`/support/notifications/${row.id}/preview?format=text`)).text();
    expect(text).to.match(/^To: mette@example\.dk\nSubject: .*#7001/);

    expect((await suite.agent.get('/support/notifications/00000000-0000-4000-8000-000000000000/preview')).status).to.equal(404);
    expect((await fetch(`${suite.server.url}/support/notifications/${row.id}/preview`, { redirect: 'manual' })).status).to.equal(401);
  });

  it('adds a note, audited, and refuses an empty or overlong one without storing it', async () => {
    const csrf = await suite.agent.csrfFor(`/support/shipments/${shipment.id}`);
    const added = await suite.agent.post(`/support/shipments/${shipment.id}/notes`, { _csrf: csrf, body: '  Shopper says the neighbour may have it.  ' });
    expect(added.status).to.equal(303);
    expect(added.headers.get('location')).to.equal(`/support/shipments/${shipment.id}?done=note-added`);
    const notes = await suite.ctx.db.selectFrom('support_notes').selectAll().execute();
    expect(notes).to.have.length(1);
    expect(notes[0]).to.include({ body: 'Shopper says the neighbour may have it.', order_id: order.id, shipment_id: shipment.id });
    const [audit] = await auditActions(suite.ctx, 'note.added');
    expect(audit).to.include({ subject_kind: 'shipment', subject_id: shipment.id });
    expect(await (await suite.agent.get(added.headers.get('location')!)).text()).to.include('Note added.').and.include('Shopper says the neighbour may have it.');

    for (const body of ['   ', 'x'.repeat(4001)]) {
      const refused = await suite.agent.post(`/support/shipments/${shipment.id}/notes`, { _csrf: csrf, body });
      expect(refused.status).to.equal(400);
      expect(await refused.text()).to.include('role="alert"');
    }
    expect(await suite.ctx.db.selectFrom('support_notes').selectAll().execute()).to.have.length(1);
    expect((await suite.agent.post(`/support/shipments/${shipment.id}/notes`, { body: 'no token' })).status).to.equal(403);
  });

  it('stops and resumes tracking, audited, and refuses to do either twice', async () => {
    const { ctx } = suite;
    await ctx.db.updateTable('shipments').set({ next_check_at: new Date(Date.now() + 3_600_000), check_leased_until: new Date(Date.now() + 60_000) }).where('id', '=', shipment.id).execute();
    const csrf = await suite.agent.csrfFor(`/support/shipments/${shipment.id}`);
    const stop = await suite.agent.post(`/support/shipments/${shipment.id}/stop-tracking`, { _csrf: csrf });
    expect(stop.status).to.equal(303);
    expect(stop.headers.get('location')).to.equal(`/support/shipments/${shipment.id}?done=tracking-stopped`);
    let row = await ctx.db.selectFrom('shipments').selectAll().where('id', '=', shipment.id).executeTakeFirstOrThrow();
    expect(row.retired_at).to.be.instanceOf(Date);
    expect(row.next_check_at).to.equal(null);
    expect(row.check_leased_until).to.equal(null);
    expect(await (await suite.agent.get(stop.headers.get('location')!)).text()).to.include('Resume tracking').and.include('Tracking stopped');
    expect((await suite.agent.post(`/support/shipments/${shipment.id}/stop-tracking`, { _csrf: csrf })).status).to.equal(409);

    const before = Date.now();
    const resume = await suite.agent.post(`/support/shipments/${shipment.id}/resume-tracking`, { _csrf: csrf });
    expect(resume.status).to.equal(303);
    row = await ctx.db.selectFrom('shipments').selectAll().where('id', '=', shipment.id).executeTakeFirstOrThrow();
    expect(row.retired_at).to.equal(null);
    expect(row.next_check_at!.getTime()).to.be.within(before - 1000, Date.now() + 1000);
    expect((await suite.agent.post(`/support/shipments/${shipment.id}/resume-tracking`, { _csrf: csrf })).status).to.equal(409);

    expect(await auditActions(ctx, 'shipment.tracking_stopped')).to.have.length(1);
    expect(await auditActions(ctx, 'shipment.tracking_resumed')).to.have.length(1);
  });

  it('answers 404 for an unknown or malformed shipment id', async () => {
    expect((await suite.agent.get('/support/shipments/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
    expect((await suite.agent.get('/support/shipments/not-a-uuid')).status).to.equal(404);
  });
});
