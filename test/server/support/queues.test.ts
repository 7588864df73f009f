import { expect } from 'chai';
import type { IssueKind } from '../../../core/notification-kinds.ts';
import type { Order } from '../../../db/schema.ts';
import { buildDispute, buildIssue, buildNotification, buildOrder, buildShipment } from '../../support/factories.ts';
import { shipmentLinks, startConsole, type ConsoleSuite } from './console-setup.ts';

const HOUR = 3_600_000;

describe('support console queues', () => {
  let suite: ConsoleSuite;
  let order: Order;
  const queue = async (name: string, client = suite.agent) => {
    const res = await client.get(`/support/queues/${name}`);
    expect(res.status, name).to.equal(200);
    return res.text();
  };
  const rows = (html: string) => html.split('<tr data-row>').slice(1);

  beforeEach(async () => {
    suite = await startConsole();
    order = await buildOrder(suite.ctx.db, suite.ctx.shop.id, { name: '#5001' });
  });
  afterEach(() => suite.close());

  async function issue(kind: IssueKind, hoursAgo: number, cleared = false, details: Record<string, unknown> = {}) {
    const { ctx } = suite;
    const shipment = await buildShipment(ctx.db, order, { status: 'in_transit' });
    await buildIssue(ctx.db, shipment, { kind, opened_at: new Date(Date.now() - hoursAgo * HOUR), cleared_at: cleared ? new Date() : null, details: JSON.stringify(details) });
    return shipment;
  }

  it('lists open not-received cases oldest first, with source, deadline and markers, each linking to its case', async () => {
    const { ctx } = suite;
    const [a, b, c] = [await buildShipment(ctx.db, order), await buildShipment(ctx.db, order), await buildShipment(ctx.db, order)];
    const dispute = (values: Parameters<typeof buildDispute>[2]) => buildDispute(ctx.db, order, values);
    const newer = await dispute({ shipment_id: a.id, source: 'payment', opened_at: new Date(Date.now() - 2 * HOUR), evidence_due_by: new Date('2031-03-04T12:00:00Z') });
    const older = await dispute({
      shipment_id: b.id,
      opened_at: new Date(Date.now() - 48 * HOUR),
      repeat_flag: JSON.stringify({ windowDays: 365, threshold: 3, byCustomer: 3, byEmail: 1, byAddress: 0 }),
      delivered_when_opened: false,
    });
    const resolved = await dispute({ shipment_id: c.id, state: 'resolved', resolution: 'found', resolved_at: new Date() });

    const html = await queue('disputes');
    const listed = [...html.matchAll(/href="\/support\/disputes\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(listed).to.deep.equal([older.id, newer.id]);
    expect(listed).not.to.include(resolved.id);
    const [first, second] = rows(html);
    expect(first).to.include('Shopper report').and.include('data-marker="repeat-claim"').and.include('data-marker="not-delivered"').and.include('3 by customer');
    expect(second).to.include('Payment dispute').and.include('<time datetime="2031-03-04T12:00:00.000Z">4 Mar 2031, 12:00 UTC</time>');
    expect(second).not.to.include('data-marker');
  });

  it('lists parcels with an open stall or late issue, and action-needed ones in their own queue', async () => {
    const stalled = await issue('stalled', 30, false, { situation: 'no_new_scan', thresholdHours: 72 });
    const late = await issue('late', 50);
    const cleared = await issue('stalled', 80, true);
    const action = await issue('action_needed', 10, false, { situation: 'pickup' });
    const never = await issue('never_scanned', 5);
    await buildIssue(suite.ctx.db, late, { kind: 'stalled' });

    const stalledLate = await queue('stalled-late');
    expect(shipmentLinks(stalledLate)).to.deep.equal([late.id, stalled.id]);
    expect(rows(stalledLate)[0]).to.include('Past the estimated delivery').and.include('Stalled in transit');
    const actionNeeded = await queue('action-needed');
    expect(shipmentLinks(actionNeeded)).to.deep.equal([action.id]);
    expect(actionNeeded).to.include('pickup');
    for (const id of [cleared.id, never.id]) expect(stalledLate + actionNeeded).not.to.include(id);
  });

  it('lists carrier mismatches and invalid tracking codes of parcels still tracked', async () => {
    const { ctx } = suite;
    const mismatch = await buildShipment(ctx.db, order, { attention: 'carrier_mismatch', declared_carrier: 'UPS', carrier: 'FedEx' });
    await buildShipment(ctx.db, order, { attention: 'carrier_mismatch', retired_at: new Date() });
    const invalid = await buildShipment(ctx.db, order, { attention: 'invalid_tracking_code', last_error: 'tracking code not found' });
    await buildShipment(ctx.db, order, { attention: 'tracking_expired' });

    const mismatches = await queue('carrier-mismatch');
    expect(shipmentLinks(mismatches)).to.deep.equal([mismatch.id]);
    expect(rows(mismatches)[0]).to.include('<td>UPS</td><td>FedEx</td>');
    const invalids = await queue('invalid-tracking');
    expect(shipmentLinks(invalids)).to.deep.equal([invalid.id]);
    expect(invalids).to.include('tracking code not found');
  });

  it('lists failed emails newest first with recipient, kind and error, and caps a long queue at 200', async () => {
    const { ctx } = suite;
    const shipment = await buildShipment(ctx.db, order);
    const notification = (n: number, state: 'failed' | 'sent', minutesAgo: number) =>
      buildNotification(ctx.db, shipment, {
        kind: 'delivered', episode: n, recipient: `shopper${n}@example.com`, state, last_error: state === 'failed' ? `550 mailbox ${n} unknown` : null, created_at: new Date(Date.now() - minutesAgo * 60_000),
      });
    for (const [n, state, minutesAgo] of [[1, 'failed', 30], [2, 'failed', 5], [3, 'sent', 1]] as const) await notification(n, state, minutesAgo);
    const html = await queue('failed-emails');
    const recipients = rows(html).map((row) => /shopper(\d+)@example\.com/.exec(row)?.[1]);
    expect(recipients).to.deep.equal(['2', '1']);
    expect(html).to.include('550 mailbox 2 unknown').and.not.include('data-capped');

    for (let i = 0; i < 200; i++) await notification(10 + i, 'failed', 60 + i);
    const capped = await queue('failed-emails');
    expect(rows(capped)).to.have.length(200);
    expect(capped).to.include('data-capped').and.include('Showing the first 200');
  });

  it('links each queue from the overview and the navigation, and answers 404 for an unknown queue', async () => {
    const overview = await (await suite.agent.get('/support')).text();
    for (const path of ['stalled-late', 'action-needed', 'carrier-mismatch', 'invalid-tracking', 'failed-emails', 'disputes']) {
      expect(overview, path).to.include(`href="/support/queues/${path}"`);
    }
    expect((await suite.agent.get('/support/queues/nothing')).status).to.equal(404);
    expect(await queue('disputes')).to.include('Nothing waiting here.');
  });
});
