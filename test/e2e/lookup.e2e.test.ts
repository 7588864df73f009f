import { expect } from 'chai';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { signLink } from '../../core/links.ts';
import { startApp, TEST_SECRET } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import type { TestServer } from '../support/http.ts';
import { axeViolations, describeViolations, isBlocking } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { focusedElement, pageWidth } from './support/dom.ts';
import { readParcel } from './support/parcel-card.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { deliveredEvents, inTransitEvents, seedTwoParcelOrder, shopper, type SeededEvent, type TwoParcelOrder } from './support/two-parcel-order.ts';

// The shopper's page in a real (headless) Chromium: typing a lookup, opening a signed link,
// accessibility (axe-core), the keyboard and a phone-sized screen.

const COPENHAGEN = 'Europe/Copenhagen';
const when = (locale: string, at: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: COPENHAGEN }).format(at);
const day = (locale: string, at: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(at);
const timelineOf = (locale: string, events: SeededEvent[], now: number) =>
  events.map((e) => `${when(locale, new Date(now - e.hoursAgo * 3_600_000))} ${e.message} · ${e.city}, ${e.country}`.replace(/\s+/g, ' '));

describe('the lookup page in a browser', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let server: TestServer;
  let browser: Browser;
  let seeded: TwoParcelOrder;
  let seededAt: number;
  const english: BrowserContextOptions = { locale: 'en-US', viewport: { width: 1024, height: 900 } };
  const danish: BrowserContextOptions = { locale: 'da-DK', viewport: { width: 1024, height: 900 } };
  const answerPath = () => `/track?${new URLSearchParams({ lang: 'en', order: shopper.orderNumber, email: shopper.email })}`;
  const signedPath = () => `/track/${signLink(TEST_SECRET, 'track', { o: seeded.order.id }, 3600)}`;

  async function open(options: BrowserContextOptions, path: string): Promise<Page> {
    const page = await (await browser.newContext(options)).newPage();
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).to.equal(200);
    return page;
  }
  const closePage = (page: Page) => page.context().close();

  before(async () => {
    browser = await launchChromium();
    ctx = await createTestContext({
      LOOKUP_RATE_PER_IP: '1000',
      LOOKUP_RATE_PER_ORDER: '1000',
      SHOP_NAME: 'Nordic Socks',
      SUPPORT_EMAIL: 'help@nordic-socks.example',
    });
    server = await startApp(ctx);
    seededAt = Date.now();
    seeded = await seedTwoParcelOrder(ctx, seededAt);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  it('finds an order typed into the form and shows each parcel’s status and timeline', async () => {
    const page = await open(english, '/track?lang=en');
    try {
      await saveScreenshot(page, 'form');
      await page.getByLabel('Order number').fill(shopper.orderNumber);
      await page.getByLabel('Email or postal code').fill(shopper.email);
      await Promise.all([page.waitForURL(/[?&]order=/), page.getByRole('button', { name: 'Find my order' }).click()]);

      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Where is my order?');
      expect(await page.getByText('Order #1042').count()).to.equal(1);
      const headlines = await page.locator('h2.headline').allInnerTexts();
      expect(headlines).to.deep.equal(['Delivered', 'On its way']);

      const delivered = await readParcel(page.getByRole('region', { name: 'Delivered', exact: true }));
      expect(delivered.nextStep).to.match(/^The carrier says it was delivered\./);
      expect(delivered.facts).to.deep.include({
        Carrier: 'PostNord · PN7781234561DK',
        Delivered: `${when('en', seeded.deliveredAt)} · Aarhus, DK`.replace(/\s+/g, ' '),
        'Signed by': 'M. Larsen',
        'Last update': '2 days ago · Aarhus, DK',
        'Going to': 'Aarhus, DK',
      });
      expect(delivered.facts).not.to.have.property('Estimated delivery');
      expect(delivered.timeline).to.deep.equal(timelineOf('en', deliveredEvents, seededAt));

      const onItsWay = await readParcel(page.getByRole('region', { name: 'On its way', exact: true }));
      expect(onItsWay.nextStep).to.equal('Your parcel is moving through the carrier’s network.');
      expect(onItsWay.facts).to.deep.include({
        Carrier: 'GLS · GLS00423196511',
        'Estimated delivery': day('en', seeded.estimatedDelivery),
        'Last update': '5 hours ago · Kolding, DK',
      });
      expect(onItsWay.timeline).to.deep.equal(timelineOf('en', inTransitEvents, seededAt));
      // The street and the shopper's name never reach the page.
      expect(await page.locator('body').innerText()).not.to.match(/Vestergade|Mette Larsen/);
      await saveScreenshot(page, 'answer-en');
    } finally {
      await closePage(page);
    }
  });

  it('opens a Danish shopper’s signed link in Danish', async () => {
    const page = await open(danish, signedPath());
    try {
      expect(await page.locator('html').getAttribute('lang')).to.equal('da');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Hvor er min ordre?');
      expect(await page.locator('h2.headline').allInnerTexts()).to.deep.equal(['Leveret', 'På vej']);

      const delivered = await readParcel(page.getByRole('region', { name: 'Leveret', exact: true }));
      expect(delivered.nextStep).to.match(/^Fragtfirmaet melder pakken leveret\./);
      expect(delivered.facts).to.deep.include({ Fragtfirma: 'PostNord · PN7781234561DK', 'Kvitteret af': 'M. Larsen' });

      const onItsWay = await readParcel(page.getByRole('region', { name: 'På vej', exact: true }));
      expect(onItsWay.nextStep).to.equal('Din pakke er på vej gennem fragtfirmaets netværk.');
      expect(onItsWay.facts).to.deep.include({
        'Forventet levering': day('da', seeded.estimatedDelivery),
        'Seneste opdatering': 'for 5 timer siden · Kolding, DK',
      });
      expect(onItsWay.timeline).to.deep.equal(timelineOf('da', inTransitEvents, seededAt));
      await saveScreenshot(page, 'answer-da');
    } finally {
      await closePage(page);
    }
  });

  it('has no serious or critical accessibility violations on the form and on the English and Danish answers', async () => {
    // The page's CSP (script-src 'self') rightly refuses inline scripts: axe is let in by bypassing it.
    const pages: Array<[string, BrowserContextOptions, string]> = [
      ['form', { ...english, bypassCSP: true }, '/track?lang=en'],
      ['English answer', { ...english, bypassCSP: true }, answerPath()],
      ['Danish answer', { ...danish, bypassCSP: true }, signedPath()],
    ];
    const problems: string[] = [];
    for (const [name, options, path] of pages) {
      const page = await open(options, path);
      try {
        const blocking = (await axeViolations(page)).filter(isBlocking);
        if (blocking.length) problems.push(`${name} (${path}):\n${describeViolations(blocking)}`);
      } finally {
        await closePage(page);
      }
    }
    expect(problems, `axe found serious or critical violations:\n${problems.join('\n')}`).to.be.empty;
  });

  it('reaches the order field, the email field and the submit button by Tab, in that order, with a visible focus', async () => {
    const page = await open(english, '/track?lang=en');
    try {
      const visited = [];
      for (let presses = 0; presses < 20; presses++) {
        await page.keyboard.press('Tab');
        const focused = await focusedElement(page);
        visited.push(focused);
        if (focused.tag === 'button') break;
      }
      const names = visited.map((f) => (f.tag === 'button' ? `button:${f.text}` : f.id ? `#${f.id}` : f.tag));
      const start = names.indexOf('#order');
      expect(start, `focus went through ${names.join(' → ')}`).to.be.at.least(0);
      expect(names.slice(start), `focus went through ${names.join(' → ')}`).to.deep.equal(['#order', '#email', 'button:Find my order']);
      for (const f of visited.slice(start)) expect(f.outline, `focus ring of ${f.tag}#${f.id}`).to.match(/^solid [1-9]/);
    } finally {
      await closePage(page);
    }
  });

  it('fits a 390×844 phone screen without horizontal scrolling', async () => {
    const phone: BrowserContextOptions = { ...english, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
    for (const [name, options, path] of [
      ['form', phone, '/track?lang=en'],
      ['Danish answer', { ...phone, locale: 'da-DK' }, signedPath()],
      ['English answer', phone, answerPath()],
    ] as Array<[string, BrowserContextOptions, string]>) {
      const page = await open(options, path);
      try {
        const { scrollWidth, innerWidth } = await pageWidth(page);
        expect(innerWidth, name).to.equal(390);
        expect(scrollWidth, `${name} scrolls sideways: ${scrollWidth}px wide in a ${innerWidth}px screen`).to.be.at.most(innerWidth);
        if (name === 'English answer') await saveScreenshot(page, 'answer-en-mobile');
      } finally {
        await closePage(page);
      }
    }
  });
});
