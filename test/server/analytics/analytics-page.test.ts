import { expect } from 'chai';
import { seedAnalyticsShop } from '../../support/analytics-data.ts';
import { startConsole, type ConsoleSuite } from '../support/console-setup.ts';

// The analytics page over HTTP: the period and filters from the query string, the figures on the
// shop's calendar, each table as CSV, and clear answers to bad input.

describe('support analytics page', () => {
  let suite: ConsoleSuite;
  const week = 'from=2026-11-01&to=2026-11-07';

  before(async () => {
    suite = await startConsole({ SHOP_TIME_ZONE: 'America/New_York' });
    await seedAnalyticsShop(suite.ctx.db, suite.ctx.shop.id);
  });
  after(() => suite.close());

  const section = (html: string, key: string) => html.split(`data-table="${key}"`)[1]?.split('</section>')[0] ?? '';

  it('shows the key figures, a chart with its data table, and CSV links for agents', async () => {
    const res = await suite.agent.get(`/support/analytics?${week}`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.include('Parcels shipped from 2026-11-01 to 2026-11-07 (days in America/New_York)');
    const overview = section(html, 'overview');
    expect(overview).to.match(/Parcels shipped<\/th>\s*<td>5<\/td>/);
    expect(overview).to.match(/On time against the carrier&#x27;s first estimate<\/th>\s*<td>66.7% \(2 of 3\)<\/td>/);
    expect(overview).to.match(/Not-received cases per 1,000 delivered<\/th>\s*<td>333.3<\/td>/);
    const services = section(html, 'services');
    expect(services).to.include('<svg');
    expect(services).to.include('role="img"');
    expect(services).to.match(/<th scope="row"[^>]*>USPS<\/th><td>Priority<\/td><td>3<\/td><td>3<\/td><td>66.7%<\/td><td>3.6<\/td><td>4.7<\/td>/);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll('&#x3D;', '=').replaceAll('&amp;', '&'));
    expect(hrefs).to.include('/support/analytics.csv?from=2026-11-01&to=2026-11-07&table=services');
    expect(hrefs).to.include('/support/analytics?period=7');
  });

  it('filters by carrier and by destination', async () => {
    const ups = await (await suite.agent.get(`/support/analytics?${week}&carrier=UPS`)).text();
    expect(section(ups, 'overview')).to.match(/Parcels shipped<\/th>\s*<td>2<\/td>/);
    expect(ups).to.match(/<option value="UPS" selected>/);
    const domestic = await (await suite.agent.get(`/support/analytics?${week}&scope=domestic&country=`)).text();
    expect(section(domestic, 'overview')).to.match(/Parcels shipped<\/th>\s*<td>3<\/td>/);
  });

  it('downloads a table as CSV, for the same period and filters', async () => {
    const res = await suite.agent.get(`/support/analytics.csv?${week}&table=daily`, { accept: 'text/csv' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv/);
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="whereabouts-daily-2026-11-01-2026-11-07.csv"');
    expect(await res.text()).to.equal(
      ['Day,Shipped,Delivered', '2026-11-01,0,0', '2026-11-02,1,0', '2026-11-03,1,0', '2026-11-04,1,0', '2026-11-05,1,1', '2026-11-06,0,1', '2026-11-07,1,0', ''].join('\r\n'),
    );
    const overview = await (await suite.agent.get(`/support/analytics.csv?${week}&table=overview`, { accept: 'text/csv' })).text();
    expect(overview).to.include('Parcels delivered,60.0% (3 of 5)');
    expect(overview).to.include('"Not-received cases per 1,000 delivered",333.3');
  });

  it('answers bad input with a clear error', async () => {
    const reversed = await suite.agent.get('/support/analytics?from=2026-11-07&to=2026-11-01');
    expect(reversed.status).to.equal(400);
    expect(await reversed.text()).to.include('The period starts after it ends');
    const notADate = await suite.agent.get('/support/analytics?from=2026-02-30', { accept: 'application/json' });
    expect(notADate.status).to.equal(400);
    expect(((await notADate.json()) as { error: { message: string } }).error.message).to.equal('The start date is not a calendar date.');
    const tooLong = await suite.agent.get('/support/analytics?from=2024-01-01&to=2026-01-01');
    expect(tooLong.status).to.equal(400);
    const scope = await suite.agent.get('/support/analytics?scope=mars', { accept: 'application/json' });
    expect(((await scope.json()) as { error: { message: string } }).error.message).to.equal('The destination must be one of the choices offered.');
    const table = await suite.agent.get(`/support/analytics.csv?${week}&table=secrets`, { accept: 'application/json' });
    expect(table.status).to.equal(404);
  });

  it('is for signed-in support staff only', async () => {
    const res = await fetch(`${suite.server.url}/support/analytics`, { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(res.status).to.equal(401);
    const csv = await fetch(`${suite.server.url}/support/analytics.csv?table=daily`, { redirect: 'manual' });
    expect(csv.status).to.equal(401);
  });

  it('writes a hostile carrier name as text in the page, the chart and the CSV', async () => {
    const { ctx } = suite;
    const order = await ctx.db.selectFrom('orders').select('id').where('name', '=', '#A').executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('shipments')
      .values({ shop_id: ctx.shop.id, order_id: order.id, tracking_code: 'EZHOSTILE1', carrier: '<script>alert(1)</script>', service: '=HYPERLINK("x")', shipped_at: '2026-11-02T15:00:00Z' })
      .execute();
    const html = await (await suite.agent.get(`/support/analytics?${week}`)).text();
    expect(html).not.to.include('<script>alert(1)');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    const csv = await (await suite.agent.get(`/support/analytics.csv?${week}&table=services`, { accept: 'text/csv' })).text();
    expect(csv).to.include(`<script>alert(1)</script>,"'=HYPERLINK(""x"")"`);
    await ctx.db.deleteFrom('shipments').where('tracking_code', '=', 'EZHOSTILE1').execute();
  });
});
