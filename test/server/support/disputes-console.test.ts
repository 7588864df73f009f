import { expect } from 'chai';
import type { Order, Shipment } from '../../../db/schema.ts';
import { openShopperCase, type CaseContext } from '../../../domain/cases/cases.ts';
import type { EvidencePack } from '../../../domain/cases/evidence.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

// The case page of the console: the evidence pack, and each action through a real session with its
// CSRF token.

describe('support console: a not-received case', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;
  let agent: ConsoleClient;
  let order: Order;
  let shipment: Shipment;
  let disputeId: string;

  beforeEach(async () => {
    ctx = await createTestContext({ SUPPORT_EMAIL: 'help@shop.example' });
    server = await startApp(ctx);
    const user = await buildSupportUser(ctx, { email: 'agent@shop.example' });
    agent = await new ConsoleClient(server.url).login(user.email, user.password);
    order = await buildOrder(ctx.db, ctx.shop.id, {
      email: 'maja@example.com',
      customer_id: '4242',
      postal_code: '1650',
      shipping_address: JSON.stringify({ name: 'Maja <script>Jensen', address1: 'Istedgade 14', city: 'København V', zip: '1650', countryCodeV2: 'DK' }),
    } as never);
    shipment = await buildShipment(ctx.db, order, { carrier: 'PostNord', status: 'delivered', delivered_at: new Date(Date.now() - 86_400_000), signed_by: 'Neighbour' });
    await buildTrackingEvent(ctx.db, shipment, { occurred_at: new Date(Date.now() - 86_400_000), status: 'delivered', message: 'Delivered', location: JSON.stringify({ city: 'Aarhus', zip: '8000', country: 'DK' }) });
    const caseContext: CaseContext = { config: ctx.config, queue: await ctx.queue(), logger: ctx.logger };
    const opened = await ctx.db.transaction().execute((trx) => openShopperCase(trx, caseContext, { order, shipment, note: 'Not at the door <img src=x>', now: new Date() }));
    disputeId = opened.dispute.id;
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  const dispute = () => ctx.db.selectFrom('disputes').selectAll().where('id', '=', disputeId).executeTakeFirstOrThrow();

  it('shows the evidence: the postal code mismatch, the signature, the full address and the shopper’s words, escaped', async () => {
    const res = await agent.get(`/support/disputes/${disputeId}`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('data-field="postal-check" class="warn"').and.include('delivery scan 8000, order 1650');
    expect(html).to.match(/data-field="delivered-at">\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} UTC</);
    expect(html).to.include('Neighbour').and.include('Istedgade 14').and.include('Maja &lt;script&gt;Jensen');
    expect(html).to.include('Not at the door &lt;img src&#x3D;x&gt;').and.not.include('<img src');
    expect(html).to.include('4242').and.include('maja@example.com');
    expect((await agent.get('/support/disputes/not-a-uuid')).status).to.equal(404);
    expect((await agent.get('/support/disputes/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
  });

  it('shows the evidence as it stands now without storing it, and stores it with the next action on the case', async () => {
    const stored = await dispute();
    await ctx.db.updateTable('shipments').set({ signed_by: 'M Berg' }).where('id', '=', shipment.id).execute();
    const html = await (await agent.get(`/support/disputes/${disputeId}`)).text();
    expect(html).to.include('M Berg');
    expect(await dispute(), 'reading the case').to.deep.equal(stored);

    const csrf = await agent.csrfFor(`/support/disputes/${disputeId}`);
    expect((await agent.post(`/support/disputes/${disputeId}/address-confirmed`, { _csrf: csrf })).status).to.equal(303);
    expect(((await dispute()).evidence as EvidencePack).delivery?.signedBy).to.equal('M Berg');
  });

  it('records the address confirmed with the customer, then resolves with a note and an email, each audited', async () => {
    const csrf = await agent.csrfFor(`/support/disputes/${disputeId}`);
    const confirmed = await agent.post(`/support/disputes/${disputeId}/address-confirmed`, { _csrf: csrf, note: 'By phone' });
    expect(confirmed.status).to.equal(303);
    expect(confirmed.headers.get('location')).to.equal(`/support/disputes/${disputeId}?done=address-confirmed`);
    expect((await dispute()).address_confirmed_at).to.be.instanceOf(Date);

    const noNote = await agent.post(`/support/disputes/${disputeId}/resolve`, { _csrf: csrf, resolution: 'refunded', note: ' ' });
    expect(noNote.status).to.equal(400);
    expect(await noNote.text()).to.include('Write a note');
    const badOutcome = await agent.post(`/support/disputes/${disputeId}/resolve`, { _csrf: csrf, resolution: 'vanished', note: 'x' });
    expect(badOutcome.status).to.equal(400);
    expect((await dispute()).state).to.equal('open');

    const resolved = await agent.post(`/support/disputes/${disputeId}/resolve`, { _csrf: csrf, resolution: 'refunded', note: 'Refunded\u0000 in full.', email_shopper: 'on' });
    expect(resolved.status).to.equal(303);
    expect(await dispute()).to.include({ state: 'resolved', resolution: 'refunded', resolution_note: 'Refunded in full.' });
    const page = await (await agent.get(`/support/disputes/${disputeId}?done=resolved`)).text();
    expect(page).to.include('The case is resolved.').and.include('Refunded</strong>, by agent@shop.example');
    expect(page).to.include('data-email="dispute_resolved"');

    const again = await agent.post(`/support/disputes/${disputeId}/resolve`, { _csrf: csrf, resolution: 'found', note: 'Twice' });
    expect(again.status).to.equal(409);
    const actions = (await ctx.db.selectFrom('audit_log').select(['action', 'actor']).where('subject_id', '=', disputeId).orderBy('created_at').execute());
    expect(actions.map((a) => a.action)).to.deep.equal(['dispute.opened', 'dispute.address_confirmed', 'dispute.resolved']);
    expect(actions[2].actor).to.equal('agent@shop.example');
  });

  it('asks the shopper again for the address, and refuses an action without the CSRF token', async () => {
    const csrf = await agent.csrfFor(`/support/disputes/${disputeId}`);
    expect((await agent.post(`/support/disputes/${disputeId}/address-request`, { _csrf: 'wrong' })).status).to.equal(403);
    expect((await agent.post(`/support/disputes/${disputeId}/address-request`, {})).status).to.equal(403);
    const asked = await agent.post(`/support/disputes/${disputeId}/address-request`, { _csrf: csrf });
    expect(asked.status).to.equal(303);
    const emails = await ctx.db.selectFrom('notifications').select('kind').where('dispute_id', '=', disputeId).where('kind', '=', 'address_confirmation').execute();
    expect(emails).to.have.length(2);
    expect((await agent.post(`/support/disputes/${disputeId}/submit-evidence`, { _csrf: csrf })).status, 'not a payment case').to.equal(409);
  });

  it('answers a search for a NUL character or an order number too long for any order with a clear answer', async () => {
    expect((await agent.get('/support/search?q=%00')).status).to.equal(400);
    const long = await agent.get('/support/search?q=999999999999');
    expect(long.status).to.equal(200);
    expect((await fetch(`${server.url}/api/v1/lookup?order=999999999999&email=a@example.com`)).status).to.equal(404);
  });

  it('counts open cases on the front page', async () => {
    const html = await (await agent.get('/support')).text();
    expect(html).to.include('data-count="open-cases">1<').and.include('data-count="payment-cases">0<').and.include('data-count="repeat-cases">0<');
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    const res = await new ConsoleClient(server.url).get(`/support/disputes/${disputeId}`);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.match(/^\/support\/login\?next=/);
  });
});
