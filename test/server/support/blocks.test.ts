import { expect } from 'chai';
import { activeBlock } from '../../../db/blocklist.repository.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import type { ConsoleClient } from './console-client.ts';
import { auditActions, startConsole, type ConsoleSuite } from './console-setup.ts';

const DAY = 86_400_000;

describe('support console blocks', () => {
  let suite: ConsoleSuite;
  const entries = () => suite.ctx.db.selectFrom('blocklist_entries').selectAll().orderBy('created_at').execute();
  async function add(client: ConsoleClient, form: Record<string, string>) {
    const csrf = await client.csrfFor('/support/blocks');
    return client.post('/support/blocks', { _csrf: csrf, reason: 'abusive calls to staff', level: 'warning', ...form });
  }

  beforeEach(async () => {
    suite = await startConsole();
  });
  afterEach(() => suite.close());

  it('lets an agent add a warning and a restriction, storing the subject as the blocklist compares it, audited', async () => {
    const warned = await add(suite.agent, { subject_kind: 'email', subject: '  Ｆraud@Example.com ', level: 'warning' });
    expect(warned.status).to.equal(303);
    expect(warned.headers.get('location')).to.equal('/support/blocks?done=added');
    expect((await add(suite.agent, { subject_kind: 'customer', subject: 'gid://shopify/Customer/7390123456789', level: 'restricted' })).status).to.equal(303);
    expect((await add(suite.agent, { subject_kind: 'customer', subject: '123', level: 'warning' })).status).to.equal(303);

    const rows = await entries();
    expect(rows.map((r) => [r.subject_kind, r.subject, r.level])).to.deep.equal([
      ['email', 'fraud@example.com', 'warning'],
      ['customer', '7390123456789', 'restricted'],
      ['customer', '123', 'warning'],
    ]);
    expect(rows.every((r) => r.expires_at === null && r.created_by !== null)).to.equal(true);
    const audits = await auditActions(suite.ctx, 'block.added');
    expect(audits).to.have.length(3);
    expect(audits[1].details).to.deep.include({ subjectKind: 'customer', subject: '7390123456789', level: 'restricted' });

    const html = await (await suite.agent.get('/support/blocks?done=added')).text();
    expect(html).to.include('Block entry added.').and.include('Customer: 7390123456789').and.include('abusive calls to staff');
    expect(html).not.to.include('/lift"');
  });

  it('refuses a full block and any lift from an agent with 403, and allows both to an admin', async () => {
    expect((await add(suite.agent, { subject_kind: 'ip', subject: '203.0.113.0/24', level: 'blocked' })).status).to.equal(403);
    expect(await entries()).to.have.length(0);

    expect((await add(suite.admin, { subject_kind: 'ip', subject: '203.0.113.0/24', level: 'blocked' })).status).to.equal(303);
    expect((await add(suite.admin, { subject_kind: 'ip', subject: '2001:DB8::/32', level: 'blocked' })).status).to.equal(303);
    const [v4, v6] = await entries();
    expect(v6.subject).to.equal('2001:db8::/32');
    // The stored ranges work with the database's inet comparison.
    expect((await activeBlock(suite.ctx.db, suite.ctx.shop.id, { ip: '203.0.113.77' }))?.id).to.equal(v4.id);
    expect((await activeBlock(suite.ctx.db, suite.ctx.shop.id, { ip: '2001:db8:1::5' }))?.id).to.equal(v6.id);

    const csrf = await suite.agent.csrfFor('/support/blocks');
    expect((await suite.agent.post(`/support/blocks/${v4.id}/lift`, { _csrf: csrf })).status).to.equal(403);
    expect((await entries())[0].lifted_at).to.equal(null);

    const adminCsrf = await suite.admin.csrfFor('/support/blocks');
    const lifted = await suite.admin.post(`/support/blocks/${v4.id}/lift`, { _csrf: adminCsrf });
    expect(lifted.status).to.equal(303);
    expect((await entries())[0].lifted_at).to.be.instanceOf(Date);
    expect(await activeBlock(suite.ctx.db, suite.ctx.shop.id, { ip: '203.0.113.77' })).to.equal(undefined);
    expect((await suite.admin.post(`/support/blocks/${v4.id}/lift`, { _csrf: adminCsrf })).status).to.equal(404);
    const [audit] = await auditActions(suite.ctx, 'block.lifted');
    expect(audit).to.include({ subject_id: v4.id });

    const html = await (await suite.admin.get('/support/blocks')).text();
    const [active, ended] = html.split('data-table="ended"');
    expect(active).to.include(`data-entry="${v6.id}"`).and.include(`action="/support/blocks/${v6.id}/lift"`).and.not.include(`data-entry="${v4.id}"`);
    expect(ended).to.include(`data-entry="${v4.id}"`).and.include('lifted');
  });

  it('refuses a bad subject, reason or expiry with a 400 page, storing nothing', async () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ subject_kind: 'email', subject: 'not-an-email' }, 'not a valid email'],
      [{ subject_kind: 'ip', subject: '10.0.0.0/33' }, 'not an IPv4 or IPv6'],
      [{ subject_kind: 'ip', subject: '10.0.0' }, 'not an IPv4 or IPv6'],
      [{ subject_kind: 'ip', subject: 'fe80::1%eth0' }, 'not an IPv4 or IPv6'],
      [{ subject_kind: 'customer', subject: 'gid://shopify/Order/12' }, 'customer id is a number'],
      [{ subject_kind: 'email', subject: 'a@b.example', reason: '  ' }, 'Give a reason'],
      [{ subject_kind: 'email', subject: 'a@b.example', reason: 'x'.repeat(1001) }, '1000 characters'],
      [{ subject_kind: 'email', subject: 'a@b.example', expires: '0' }, 'between 1 and 3650 days'],
      [{ subject_kind: 'email', subject: 'a@b.example', expires: '2020-01-01' }, 'has passed'],
      [{ subject_kind: 'email', subject: 'a@b.example', expires: '2027-02-30' }, 'number of days or a date'],
      [{ subject_kind: 'phone', subject: '555' }, 'Choose what to block'],
    ];
    for (const [form, message] of bad) {
      const res = await add(suite.agent, form);
      expect(res.status, JSON.stringify(form)).to.equal(400);
      const html = await res.text();
      expect(html, JSON.stringify(form)).to.include('role="alert"').and.include(message);
    }
    expect(await entries()).to.have.length(0);
    expect(await auditActions(suite.ctx, 'block.added')).to.have.length(0);
  });

  it('honours an expiry given in days or as a date: an expired entry has no effect', async () => {
    const before = Date.now();
    await add(suite.agent, { subject_kind: 'email', subject: 'soon@example.com', level: 'restricted', expires: '2' });
    await add(suite.agent, { subject_kind: 'email', subject: 'later@example.com', level: 'restricted', expires: '2099-01-31' });
    const [days, date] = await entries();
    expect(days.expires_at!.getTime()).to.be.within(before + 2 * DAY - 1000, Date.now() + 2 * DAY + 1000);
    expect(date.expires_at!.toISOString()).to.equal('2099-02-01T00:00:00.000Z');

    const { db, shop } = suite.ctx;
    expect((await activeBlock(db, shop.id, { email: 'SOON@example.com' }))?.level).to.equal('restricted');
    expect(await activeBlock(db, shop.id, { email: 'soon@example.com' }, new Date(Date.now() + 3 * DAY))).to.equal(undefined);
    await db.updateTable('blocklist_entries').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', days.id).execute();
    expect(await activeBlock(db, shop.id, { email: 'soon@example.com' })).to.equal(undefined);
    const html = await (await suite.agent.get('/support/blocks')).text();
    expect(html.split('data-table="ended"')[1]).to.include(`data-entry="${days.id}"`).and.include('expired');
  });

  it('offers a prefilled block form on the shipment view that comes back to the parcel with a banner', async () => {
    const { ctx } = suite;
    const order = await buildOrder(ctx.db, ctx.shop.id, { email: 'claims@example.com', customer_id: '555' });
    const shipment = await buildShipment(ctx.db, order);
    const page = await (await suite.agent.get(`/support/shipments/${shipment.id}`)).text();
    expect(page).to.include('name="subject" value="claims@example.com"').and.include('name="subject" value="555"');
    expect(page).to.include(`name="shipment_id" value="${shipment.id}"`);
    expect(page).not.to.include('value="blocked"');
    expect(await (await suite.admin.get(`/support/shipments/${shipment.id}`)).text()).to.include('value="blocked"');

    const csrf = await suite.agent.csrfFor(`/support/shipments/${shipment.id}`);
    const res = await suite.agent.post('/support/blocks', { _csrf: csrf, shipment_id: shipment.id, subject_kind: 'customer', subject: '555', level: 'warning', reason: 'fourth claim this year' });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/support/shipments/${shipment.id}?done=block-added`);
    const html = await (await suite.agent.get(res.headers.get('location')!)).text();
    expect(html).to.include('data-block-level="warning"').and.include('fourth claim this year');
  });
});
