import { expect } from 'chai';
import type { Order, Shipment } from '../../../db/schema.ts';
import { ensureShop } from '../../../db/shops.repository.ts';
import { useTrackingClock } from '../../../core/clock.ts';
import { notReceivedPath, signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildBlock, buildOrder, buildShipment, buildTrackingEvent } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';
import { orderWithTwoParcels } from '../../support/presets.ts';

// 23:30 UTC on the 19th is 00:30 on Friday the 20th in Copenhagen: the shopper can wait until the
// end of Saturday the 21st.
const DELIVERED_AT = new Date('2026-11-19T23:30:00Z');
const hoursAfterDelivery = (hours: number) => new Date(DELIVERED_AT.getTime() + hours * 3_600_000);

const formTokenIn = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)?.[1];

describe('the "I haven’t received it" page', () => {
  let ctx: TestContext;
  let server: TestServer;
  let order: Order;
  let delivered: Shipment;
  let moving: Shipment;
  let token: string;

  const reportPath = (shipment: Shipment, lang = 'en', trackToken = token) => `${notReceivedPath(trackToken, shipment.id)}?lang=${lang}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  async function submit(fields: Record<string, string> = {}, shipment = delivered) {
    const form = formTokenIn(await (await get(reportPath(shipment))).text());
    expect(form, 'the page carries a form token').to.be.a('string');
    return post(reportPath(shipment), { form_token: form!, ...fields });
  }
  const disputes = () => ctx.db.selectFrom('disputes').selectAll().where('order_id', '=', order.id).execute();
  const notificationKinds = async () =>
    (await ctx.db.selectFrom('notifications').select('kind').where('order_id', '=', order.id).where('dispute_id', 'is not', null).orderBy('kind').execute()).map((n) => n.kind);
  const block = (level: 'warning' | 'restricted' | 'blocked') =>
    buildBlock(ctx.db, ctx.shop.id, { subject: order.email!.toUpperCase(), level });

  beforeEach(async () => {
    useTrackingClock(() => hoursAfterDelivery(72));
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000', SUPPORT_EMAIL: 'help@nordic-socks.example', SHOP_NAME: 'Nordic Socks', DISPUTE_REPLY_DAYS: '3' });
    server = await startApp(ctx);
    ({ order, delivered, inTransit: moving } = await orderWithTwoParcels(ctx, { delivered: { delivered_at: DELIVERED_AT } }));
    await buildTrackingEvent(ctx.db, delivered, { occurred_at: DELIVERED_AT, status: 'delivered', message: 'Delivered', location: JSON.stringify({ city: 'Aarhus', country: 'DK' }) });
    token = signLink(TEST_SECRET, 'track', { o: order.id }, 3600);
  });
  afterEach(async () => {
    useTrackingClock(() => new Date());
    await server.close();
    await ctx.close();
  });

  it('shows when, where and to whom the parcel was delivered, the guidance, and the form', async () => {
    const res = await get(reportPath(delivered));
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const html = await res.text();
    expect(html).to.include('<meta name="robots" content="noindex, nofollow">');
    expect(html).to.include('Haven’t received your parcel?');
    expect(html).to.include('Nov 20, 2026, 12:30 AM');
    expect(html).to.include('Aarhus, DK');
    expect(html).to.include('M. Larsen');
    expect(html).to.include('Ask your neighbours');
    expect(html).to.include('mailroom or reception');
    expect(html).to.include('parcel locker');
    expect(html).to.include('the end of Saturday, November 21, 2026');
    // Three days on, there is no "wait first" section.
    expect(html).not.to.include('It may still turn up');
    expect(html).to.match(/<label for="note">/);
    expect(html).to.include('maxlength="2000"');
    expect(html).to.include('It’s still not here');
  });

  it('leads with "it may still turn up" for a fresh delivery, and still takes the report', async () => {
    useTrackingClock(() => hoursAfterDelivery(3));
    const html = await (await get(reportPath(delivered))).text();
    const wait = html.indexOf('It may still turn up');
    expect(wait).to.be.greaterThan(0);
    expect(wait).to.be.lessThan(html.indexOf('Where parcels often turn up'));
    expect(html).to.include('wait until the end of Saturday, November 21, 2026');
    expect((await submit()).status).to.equal(200);
    expect(await disputes()).to.have.length(1);
  });

  it('says kindly that a parcel not yet delivered is still on its way, with no form', async () => {
    const res = await get(reportPath(moving));
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('Your parcel is still on its way');
    expect(html).to.include('On its way');
    expect(html).not.to.include('<form method="post"');
  });

  it('answers 404 for a parcel of another order or an order of another shop', async () => {
    const other = await buildOrder(ctx.db, ctx.shop.id);
    const foreign = await buildShipment(ctx.db, other, { status: 'delivered', delivered_at: DELIVERED_AT });
    expect((await get(reportPath(foreign))).status).to.equal(404);
    const elsewhere = await ensureShop(ctx.db, 'other-shop.myshopify.com', 'Other');
    const theirs = await buildOrder(ctx.db, elsewhere.id);
    const theirParcel = await buildShipment(ctx.db, theirs, { status: 'delivered', delivered_at: DELIVERED_AT });
    const res = await get(reportPath(theirParcel, 'en', signLink(TEST_SECRET, 'track', { o: theirs.id }, 3600)));
    expect(res.status).to.equal(404);
    expect(await res.text()).to.include('We could not find this parcel');
  });

  it('refuses a tampered link with 400 and an expired one with 410', async () => {
    const tampered = `${token.slice(0, -2)}xx`;
    expect((await get(reportPath(delivered, 'en', tampered))).status).to.equal(400);
    const expired = signLink(TEST_SECRET, 'track', { o: order.id }, 60, Date.now() - 3_600_000);
    const res = await get(reportPath(delivered, 'en', expired));
    expect(res.status).to.equal(410);
    expect(await res.text()).to.include('This link has expired');
    expect((await post(reportPath(delivered, 'en', expired), { note: 'x' })).status).to.equal(410);
    expect(await disputes()).to.have.length(0);
  });

  it('opens one case with the acknowledgement, the address check and the support alert', async () => {
    const res = await submit({ note: 'Looked everywhere.' });
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('Thank you — we’re on it');
    expect(html).to.include('within 3 working days');
    expect(html).to.include('An email confirming your report is on its way');
    const [dispute, ...more] = await disputes();
    expect(more).to.have.length(0);
    expect(dispute).to.include({ shipment_id: delivered.id, source: 'shopper', state: 'open', shopper_note: 'Looked everywhere.' });
    expect(await notificationKinds()).to.deep.equal(['address_confirmation', 'alert:dispute_opened', 'dispute_received']);
    const page = await (await get(reportPath(delivered))).text();
    expect(page).to.include('We’re on it');
    expect(page).not.to.include('<form method="post"');
  });

  it('opens one case however often, and however fast, the form is sent', async () => {
    const form = formTokenIn(await (await get(reportPath(delivered))).text())!;
    const sends = await Promise.all([1, 2, 3].map((n) => post(reportPath(delivered), { form_token: form, note: `try ${n}` })));
    expect(sends.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    expect((await post(reportPath(delivered), { form_token: form })).status).to.equal(200);
    expect(await disputes()).to.have.length(1);
    expect(await notificationKinds()).to.have.length(3);
  });

  it('stores a hostile note as written and shows it escaped; a note over the limit gets a clear 400', async () => {
    const hostile = '<script>alert("x")</script> & "quotes"';
    // A NUL character cannot be stored and means nothing: it is dropped, the rest is kept.
    const tooLong = await submit({ note: 'x'.repeat(2001) });
    expect(tooLong.status).to.equal(400);
    const tooLongHtml = await tooLong.text();
    expect(tooLongHtml).to.include('Your note is 2001 characters long');
    expect(tooLongHtml).to.include('aria-invalid="true"');
    expect(await disputes()).to.have.length(0);
    const res = await submit({ note: `${hostile}\u0000` });
    const html = await res.text();
    expect(html).not.to.include('<script>alert');
    expect(html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect((await disputes())[0].shopper_note).to.equal(hostile);
  });

  it('answers 403 and stores nothing without the page’s form token or with another one', async () => {
    expect((await post(reportPath(delivered), { note: 'no token' })).status).to.equal(403);
    const forged = signLink(TEST_SECRET, 'track', { o: order.id }, 7200);
    expect((await post(reportPath(delivered), { note: 'forged', form_token: forged })).status).to.equal(403);
    const otherParcelsToken = formTokenIn(await (await get(reportPath(moving))).text());
    expect(otherParcelsToken).to.equal(undefined);
    const other = await buildShipment(ctx.db, order, { status: 'delivered', delivered_at: DELIVERED_AT });
    const tokenForOther = formTokenIn(await (await get(reportPath(other))).text())!;
    const res = await post(reportPath(delivered), { note: 'swapped', form_token: tokenForOther });
    expect(res.status).to.equal(403);
    expect(await res.text()).to.include('Please try again');
    expect(await disputes()).to.have.length(0);
    expect(await notificationKinds()).to.have.length(0);
  });

  for (const level of ['restricted', 'blocked'] as const) {
    it(`gives a ${level} shopper the neutral page with the support address and opens no case`, async () => {
      const form = formTokenIn(await (await get(reportPath(delivered))).text())!;
      await block(level);
      const res = await post(reportPath(delivered), { form_token: form, note: 'still missing' });
      expect(res.status).to.equal(200);
      const html = await res.text();
      expect(html).to.include('We couldn’t take this online');
      expect(html).to.include('href="mailto:help@nordic-socks.example"');
      expect(html.toLowerCase()).not.to.match(/blocked|restrict|abuse/);
      expect(await disputes()).to.have.length(0);
      expect(await notificationKinds()).to.have.length(0);
    });
  }

  it('shows a blocked shopper the neutral page instead of the report page; a restricted one still sees it', async () => {
    await block('restricted');
    expect(await (await get(reportPath(delivered))).text()).to.include('It’s still not here');
    await block('blocked');
    const html = await (await get(reportPath(delivered))).text();
    expect(html).to.include('We couldn’t take this online');
    expect(html).not.to.include('M. Larsen');
  });

  it('opens the case as usual for a shopper with only a warning', async () => {
    await block('warning');
    expect((await submit()).status).to.equal(200);
    expect(await disputes()).to.have.length(1);
  });

  it('speaks Danish and Filipino: ?lang first, then the order’s language, then the browser’s', async () => {
    const danish = await (await get(reportPath(delivered, 'da'))).text();
    expect(danish).to.include('<html lang="da">');
    expect(danish).to.include('Har du ikke fået din pakke?');
    expect(danish).to.include('Den er her stadig ikke');
    expect(danish).to.include('lørdag den 21. november 2026');
    const filipino = await (await get(reportPath(delivered, 'fil'))).text();
    expect(filipino).to.include('<html lang="fil">');
    expect(filipino).to.include('Wala pa rin ito');
    await ctx.db.updateTable('orders').set({ customer_locale: 'da' }).where('id', '=', order.id).execute();
    expect(await (await get(notReceivedPath(token, delivered.id), { 'accept-language': 'fil' })).text()).to.include('<html lang="da">');
    await ctx.db.updateTable('orders').set({ customer_locale: null }).where('id', '=', order.id).execute();
    expect(await (await get(notReceivedPath(token, delivered.id), { 'accept-language': 'fil-PH,fil;q=0.9' })).text()).to.include('<html lang="fil">');
  });
});
