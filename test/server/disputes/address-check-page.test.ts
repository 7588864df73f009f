import { expect } from 'chai';
import type { Dispute, Order } from '../../../db/schema.ts';
import { openShopperCase } from '../../../domain/cases/cases.ts';
import { addressCheckPath, LINK_PURPOSE, signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { danishAddress, danishOrder } from '../../support/presets.ts';

const formTokenIn = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)?.[1];

describe('the address confirmation page', () => {
  let ctx: TestContext;
  let server: TestServer;
  let order: Order;
  let dispute: Dispute;
  let token: string;

  const pagePath = (query = 'lang=en', addressToken = token) => `${addressCheckPath(addressToken)}?${query}`;
  const get = (path: string) => fetch(`${server.url}${path}`);
  const post = (fields: Record<string, string>, path = pagePath()) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  async function answer(fields: Record<string, string>) {
    const form = formTokenIn(await (await get(pagePath())).text());
    expect(form, 'the page carries a form token').to.be.a('string');
    return post({ form_token: form!, ...fields });
  }
  const current = () => ctx.db.selectFrom('disputes').selectAll().where('id', '=', dispute.id).executeTakeFirstOrThrow();
  const alerts = async () =>
    (await ctx.db.selectFrom('notifications').select('kind').where('dispute_id', '=', dispute.id).where('kind', '=', 'alert:address_wrong').execute()).length;

  beforeEach(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000', SUPPORT_EMAIL: 'help@nordic-socks.example' });
    server = await startApp(ctx);
    const placed = await danishOrder(ctx, {
      order: { shipping_address: JSON.stringify({ ...danishAddress, name: 'Mette <Larsen>', address1: 'Nørregade 7, 2. tv' }) },
      parcel: { delivered_at: new Date(Date.now() - 2 * 86_400_000) },
    });
    order = placed.order;
    const shipment = placed.parcel;
    const queue = await ctx.queue();
    ({ dispute } = await ctx.db.transaction().execute((trx) => openShopperCase(trx, { config: ctx.config, queue, logger: ctx.logger }, { order, shipment, note: null, now: new Date() })));
    token = signLink(TEST_SECRET, LINK_PURPOSE.address, { d: dispute.id }, 3600);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('shows the order and the full address it went to, with both answers', async () => {
    const res = await get(pagePath());
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const html = await res.text();
    expect(html).to.include('Is this your address?');
    expect(html).to.include('#1042');
    expect(html).to.include('<address>Mette &lt;Larsen&gt;<br>Nørregade 7, 2. tv<br>8000 Aarhus C<br>Denmark<br></address>');
    expect(html).to.include('Yes, that’s my address');
    expect(html).to.match(/<label for="correction">The right address<\/label>/);
    expect(html).not.to.include('autofocus');
  });

  it('preselects the answer named in the email link but changes nothing on GET', async () => {
    const confirmed = await (await get(pagePath('answer=confirmed'))).text();
    expect(confirmed).to.match(/<button type="submit" autofocus>Yes, that’s my address/);
    const wrong = await (await get(pagePath('answer=wrong'))).text();
    expect(wrong).to.match(/<textarea id="correction"[^>]* autofocus>/);
    const after = await current();
    expect(after.address_answer).to.equal(null);
    expect(after.address_answered_at).to.equal(null);
  });

  it('records a confirmed address, and no alert', async () => {
    const res = await answer({ answer: 'confirmed' });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('Thanks for confirming your address');
    const after = await current();
    expect(after.address_answer).to.equal('confirmed');
    expect(after.address_answered_at).to.be.instanceOf(Date);
    expect(await alerts()).to.equal(0);
    expect(await (await get(pagePath())).text()).to.include('You confirmed this address on');
  });

  it('requires the right address when the shopper says it was wrong', async () => {
    const res = await answer({ answer: 'wrong', correction: '   ' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.include('Please write the address the parcel should have gone to.');
    expect((await current()).address_answer).to.equal(null);
    const tooLong = await answer({ answer: 'wrong', correction: 'x'.repeat(2001) });
    expect(tooLong.status).to.equal(400);
    expect(await tooLong.text()).to.include('The address is 2001 characters long');
    expect((await current()).address_answer).to.equal(null);
  });

  it('records a wrong address with its correction, alerts support once, and lets the shopper change the answer', async () => {
    const correction = 'Mette Larsen\nSøndergade 3 <b>\n8000 Aarhus C';
    const res = await answer({ answer: 'wrong', correction });
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('our team has the right address now');
    expect(html).to.include('Søndergade 3 &lt;b&gt;');
    expect(await current()).to.include({ address_answer: 'wrong', address_correction: correction });
    expect(await alerts()).to.equal(1);
    await answer({ answer: 'wrong', correction: 'Søndergade 5, 8000 Aarhus C' });
    expect(await alerts()).to.equal(1);
    expect((await current()).address_correction).to.equal('Søndergade 5, 8000 Aarhus C');
    await answer({ answer: 'confirmed' });
    expect(await current()).to.include({ address_answer: 'confirmed', address_correction: null });
  });

  it('answers 403 and records nothing without the page’s form token', async () => {
    expect((await post({ answer: 'confirmed' })).status).to.equal(403);
    const otherCase = signLink(TEST_SECRET, LINK_PURPOSE.address, { d: dispute.id }, 7200);
    const foreignForm = formTokenIn(await (await get(pagePath('lang=en', otherCase))).text())!;
    expect((await post({ answer: 'wrong', correction: 'Elsewhere 1', form_token: foreignForm })).status).to.equal(403);
    expect((await current()).address_answer).to.equal(null);
  });

  it('says so when the case is closed, and records nothing', async () => {
    const form = formTokenIn(await (await get(pagePath())).text())!;
    await ctx.db.updateTable('disputes').set({ state: 'resolved', resolution: 'found', resolved_at: new Date() }).where('id', '=', dispute.id).execute();
    const page = await get(pagePath());
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('This case is closed');
    expect(html).not.to.include('<form');
    const res = await post({ form_token: form, answer: 'wrong', correction: 'Elsewhere 1' });
    expect(res.status).to.equal(409);
    expect(await res.text()).to.include('This case is closed');
    expect((await current()).address_answer).to.equal(null);
    expect(await alerts()).to.equal(0);
  });

  it('refuses a tampered link with 400, an expired one with 410, and a lookup link with 400', async () => {
    expect((await get(pagePath('lang=en', `${token.slice(0, -2)}xx`))).status).to.equal(400);
    const expired = signLink(TEST_SECRET, LINK_PURPOSE.address, { d: dispute.id }, 60, Date.now() - 3_600_000);
    const res = await get(pagePath('lang=en', expired));
    expect(res.status).to.equal(410);
    expect(await res.text()).to.include('This link has expired');
    expect((await get(pagePath('lang=en', signLink(TEST_SECRET, 'track', { o: order.id }, 3600)))).status).to.equal(400);
  });

  it('speaks Danish and Filipino, and the order’s language when the link has no ?lang', async () => {
    const danish = await (await get(pagePath('lang=da'))).text();
    expect(danish).to.include('<html lang="da">');
    expect(danish).to.include('Ja, det er min adresse');
    const filipino = await (await get(pagePath('lang=fil'))).text();
    expect(filipino).to.include('<html lang="fil">');
    expect(filipino).to.include('Oo, address ko iyan');
    await ctx.db.updateTable('orders').set({ customer_locale: 'da-DK' }).where('id', '=', order.id).execute();
    expect(await (await get(pagePath('answer=confirmed'))).text()).to.include('Er det din adresse?');
  });
});
