import { expect } from 'chai';
import { optOutPath, optOutToken, signLink } from '../../../core/links.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';

describe('the opt-out page', () => {
  let ctx: TestContext;
  let server: TestServer;
  const email = 'mette@example.dk';

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const post = (path: string, body = '', headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const suppressions = () => ctx.db.selectFrom('email_suppressions').select(['email', 'reason']).where('shop_id', '=', ctx.shop.id).execute();
  // Handlebars writes = in an attribute as &#x3D;.
  const attributes = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]+)"`, 'g'))].map((m) => m[1].replace(/&#x3D;/g, '='));

  beforeEach(async () => {
    ctx = await createTestContext({ SHOP_NAME: 'Nordic Socks', SUPPORT_EMAIL: 'help@nordic.example' });
    server = await startApp(ctx, { demo: true });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('asks in the language of the email the link came in, before the browser’s, and changes nothing yet', async () => {
    const res = await get(optOutPath(optOutToken(TEST_SECRET, email, 'da')), { 'accept-language': 'en-GB' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-robots-tag')).to.equal('noindex, nofollow');
    const html = await res.text();
    expect(html).to.include('<html lang="da">');
    expect(html).to.include('<h1>Vil du afmelde opdateringer om levering?</h1>');
    expect(html).to.include('mette@example.dk får ikke længere opdateringer om levering fra Nordic Socks.');
    expect(html).to.include('Afmeld disse mails');
    expect(html).to.include('<div class="banner" role="note">Demodata — intet her er en rigtig ordre.</div>');
    expect(html).to.include('Spørgsmål? Skriv til os:');
    expect(await suppressions()).to.deep.equal([]);
  });

  it('speaks the language asked for with ?lang=, and offers the others', async () => {
    const path = optOutPath(optOutToken(TEST_SECRET, email, 'da'));
    const html = await (await get(`${path}?lang=fil`)).text();
    expect(html).to.include('<html lang="fil">');
    expect(html).to.include('<h1>Mag-unsubscribe sa mga update sa delivery?</h1>');
    expect(html).to.include('Ihinto ang mga email na ito');
    expect(html).to.include('Demo data — walang tunay na order dito.');
    expect(attributes(html, 'href')).to.include.members([`${path}?lang=en`, `${path}?lang=da`]);
    expect(attributes(html, 'action')).to.deep.equal([`${path}?lang=fil`]);
  });

  it('speaks the browser’s language for a link that carries none, else English', async () => {
    const path = optOutPath(optOutToken(TEST_SECRET, email));
    expect(await (await get(path, { 'accept-language': 'da-DK,da;q=0.9' })).text()).to.include('<html lang="da">');
    const html = await (await get(path)).text();
    expect(html).to.include('<html lang="en">');
    expect(html).to.include('<h1>Stop tracking emails?</h1>');
    expect(html).to.include('mette@example.dk will no longer get delivery updates from Nordic Socks.');
    expect(html).to.include('Demo data — nothing here is a real order.');
  });

  it('stops the emails when the shopper confirms, answering in the language of the question', async () => {
    const question = await (await get(`${optOutPath(optOutToken(TEST_SECRET, 'Mette@Example.dk', 'da'))}?lang=fil`)).text();
    const [action] = attributes(question, 'action');
    const res = await post(action);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('<html lang="fil">');
    expect(html).to.include('<h1>Naka-unsubscribe ka na</h1>');
    expect(html).to.include('Hindi na makakatanggap ang Mette@Example.dk ng mga update sa delivery mula sa Nordic Socks.');
    expect(await suppressions()).to.deep.equal([{ email: 'mette@example.dk', reason: 'opt_out' }]);
  });

  it('takes a mail app’s one-click POST (RFC 8058), once however often it comes', async () => {
    const path = optOutPath(optOutToken(TEST_SECRET, email, 'en'));
    for (let i = 0; i < 2; i++) {
      const res = await post(path, 'List-Unsubscribe=One-Click');
      expect(res.status).to.equal(200);
      expect(await res.text()).to.include('<h1>Done</h1>');
    }
    expect(await suppressions()).to.deep.equal([{ email, reason: 'opt_out' }]);
  });

  it('refuses a tampered link, an expired one and one for another purpose, stopping nothing', async () => {
    const token = optOutToken(TEST_SECRET, email, 'en');
    const refused = [`${token.slice(0, -2)}xx`, signLink(TEST_SECRET, 'opt_out', { e: email }, -10), signLink(TEST_SECRET, 'track', { e: email }, 3600)];
    for (const bad of refused) {
      const shown = await get(optOutPath(bad), { 'accept-language': 'da' });
      expect(shown.status).to.equal(400);
      expect(await shown.text()).to.include('<h1>Linket er ikke gyldigt</h1>');
      const posted = await post(`${optOutPath(bad)}?lang=fil`, 'List-Unsubscribe=One-Click');
      expect(posted.status).to.equal(400);
      expect(await posted.text()).to.include('<h1>Hindi valid ang link na ito</h1>');
    }
    expect(await suppressions()).to.deep.equal([]);
  });
});
