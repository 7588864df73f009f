import { expect } from 'chai';
import type { Address, Notification } from '../../../db/schema.ts';
import { openShopperCase } from '../../../domain/cases/cases.ts';
import { brandingFrom, composeNotification } from '../../../domain/notifications/compose.ts';
import { languages } from '../../../core/language.ts';
import { renderEmail } from '../../../emails/render.ts';
import { startApp, TEST_SECRET } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { TestServer } from '../../support/http.ts';

// The address a shopper is asked about in the address_confirmation email and the one the page behind
// its link asks them to confirm are the same lines, in each of our languages, whatever the country's layout.

const addresses: Record<string, Address> = {
  US: { name: 'Jane O’Brien & Sons', address1: '1120 SW 5th Ave', address2: 'Suite 300', city: 'Portland', province: 'Oregon', provinceCode: 'OR', zip: '97205', country: 'United States', countryCodeV2: 'US' },
  Danish: { name: 'Mette <Larsen>', address1: 'Nørregade 7, 2. tv', city: 'Aarhus C', zip: '8000', country: 'Denmark', countryCodeV2: 'DK' },
  Philippine: { name: 'Maria Santos', address1: '123 Ayala Avenue', address2: 'Barangay San Lorenzo', city: 'Makati City', province: 'Metro Manila', zip: '1223', country: 'Philippines', countryCodeV2: 'PH' },
};

// Handlebars escapes these, in the email as on the page.
const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };
const unescaped = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => entities[entity]);

const emailHtmlLines = (html: string) => {
  const block = />((?:<strong>[^<]*<\/strong>(?:<br \/>)?)+)<\/div>/.exec(html)?.[1] ?? '';
  return [...block.matchAll(/<strong>([^<]*)<\/strong>/g)].map(([, line]) => unescaped(line));
};
// The plain-text part indents the address under the sentence that introduces it.
const emailTextLines = (text: string) => (/\n\n((?: {2}.+\n)+)\n/.exec(text)?.[1] ?? '').split('\n').filter(Boolean).map((line) => line.trim());
const pageLines = (html: string) => (/<address>(.*?)<\/address>/s.exec(html)?.[1] ?? '').split('<br>').filter(Boolean).map(unescaped);

describe('the address in the confirmation email and on its page', () => {
  let ctx: TestContext;
  let server: TestServer;

  before(async () => {
    ctx = await createTestContext({ LOOKUP_RATE_PER_IP: '1000', LOOKUP_RATE_PER_ORDER: '1000' });
    server = await startApp(ctx);
  });
  after(async () => {
    await server.close();
    await ctx.close();
  });

  async function emailedTo(address: Address, language: string) {
    const order = await buildOrder(ctx.db, ctx.shop.id, { customer_locale: language, shipping_address: JSON.stringify(address) });
    const shipment = await buildShipment(ctx.db, order, { status: 'delivered', delivered_at: new Date(Date.now() - 2 * 86_400_000) });
    const queue = await ctx.queue();
    const { dispute } = await ctx.db.transaction().execute((trx) => openShopperCase(trx, { config: ctx.config, queue, logger: ctx.logger }, { order, shipment, note: null, now: new Date() }));
    const n: Notification = await ctx.db.selectFrom('notifications').selectAll().where('dispute_id', '=', dispute.id).where('kind', '=', 'address_confirmation').executeTakeFirstOrThrow();
    const composed = await composeNotification(ctx.db, n, shipment, order, { config: ctx.config, secretKey: TEST_SECRET });
    return renderEmail({ kind: composed.kind, locale: n.locale, props: composed.props, branding: brandingFrom(ctx.config), unsubscribeUrl: composed.unsubscribeUrl });
  }

  // The shopper follows the email's own "that's my address" link.
  async function pageBehind(emailText: string): Promise<string> {
    const link = emailText.split(/\s+/).find((word) => word.startsWith(ctx.config.PUBLIC_URL) && word.endsWith('answer=confirmed'));
    expect(link, 'the email links to the page').to.be.a('string');
    const res = await fetch(`${server.url}${link!.slice(ctx.config.PUBLIC_URL.length)}`);
    expect(res.status).to.equal(200);
    return res.text();
  }

  for (const [country, address] of Object.entries(addresses)) {
    for (const language of languages) {
      it(`shows a ${country} address in the same lines in ${language}`, async () => {
        const email = await emailedTo(address, language);
        expect(email.language).to.equal(language);
        const page = await pageBehind(email.text);
        expect(page).to.include(`<html lang="${language}"`);
        const lines = pageLines(page);
        expect(lines.length, 'the page shows the address').to.be.at.least(4);
        expect(emailHtmlLines(email.html)).to.deep.equal(lines);
        expect(emailTextLines(email.text)).to.deep.equal(lines);
        expect(lines[0]).to.equal(address.name);
        expect(lines.at(-1), 'the country in the shopper’s language').to.equal(new Intl.DisplayNames([language], { type: 'region' }).of(address.countryCodeV2!));
      });
    }
  }
});
