import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { manualClock, scaledClock, type SandboxClock } from '../../sandbox/carrier/clock.ts';
import { sandboxTrackingCode, scenarioForCode, scenarioNames } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (key: string, options?: { baseUrl?: string }) => any;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = new Date('2026-03-02T09:00:00Z');

interface Detail {
  message: string;
  status: string;
  status_detail: string;
  datetime: string;
  tracking_location: { city: string | null; country: string | null };
}
interface Tracker {
  status: string;
  carrier: string;
  est_delivery_date: string | null;
  signed_by: string | null;
  weight: number | null;
  tracking_details: Detail[];
  carrier_detail: { destination_tracking_location: unknown; initial_delivery_attempt: string | null } | null;
}

describe('sandbox carrier: scenarios on the virtual clock', () => {
  let clock: SandboxClock;
  let sandbox: SandboxCarrier;
  let client: any;

  beforeEach(async () => {
    clock = manualClock(START);
    sandbox = await startSandboxCarrier({ clock });
    client = new EasyPostClient('sandbox_key', { baseUrl: sandbox.baseUrl });
  });
  afterEach(() => sandbox.close());

  // Walks the clock forward, checking the scans only ever grow, and returns the statuses seen.
  function follow(code: string, days: number, stepHours = 1): { statuses: string[]; last: Tracker } {
    const statuses: string[] = [];
    let previous: Detail[] = [];
    let last = sandbox.trackerByCode(code) as Tracker;
    for (let hour = 0; hour <= days * 24; hour += stepHours) {
      last = sandbox.trackerByCode(code) as Tracker;
      expect(last.tracking_details.slice(0, previous.length), `scans at +${hour}h`).to.deep.equal(previous);
      previous = last.tracking_details;
      if (statuses[statuses.length - 1] !== last.status) statuses.push(last.status);
      clock.advance(stepHours * HOUR);
    }
    return { statuses, last };
  }

  const create = (tracking_code: string, carrier?: string): Promise<unknown> => client.Tracker.create({ tracking_code, carrier });
  const createMany = (scenario: Parameters<typeof sandboxTrackingCode>[0], count: number, from = 1) =>
    Promise.all(Array.from({ length: count }, (_, i) => create(sandboxTrackingCode(scenario, from + i))));

  const timeOf = (tracker: Tracker, status: string) => Date.parse(tracker.tracking_details.find((detail) => detail.status === status)?.datetime ?? 'NaN');
  const utcDay = (time: string | number) => new Date(time).toISOString().slice(0, 10);

  it('moves delivered from pre_transit through in_transit and out_for_delivery to delivered', async () => {
    const code = sandboxTrackingCode('delivered', 1);
    const created = await client.Tracker.create({ tracking_code: code, carrier: 'USPS' });
    clock.advance(2 * HOUR);
    expect((await client.Tracker.retrieve(created.id)).status).to.equal('pre_transit');
    clock.set(START);
    const { statuses, last } = follow(code, 5);
    expect(statuses).to.deep.equal(['unknown', 'pre_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(last.tracking_details.length).to.be.at.least(8);
    expect(last.carrier_detail?.destination_tracking_location).to.deep.include({ city: 'CHARLESTON' });
    expect(utcDay(timeOf(last, 'delivered'))).to.equal(utcDay(last.est_delivery_date as string));
  });

  it('keeps each delivered tracker within its timeline and spreads trackers apart', async () => {
    const acceptedAt = new Set<number>();
    await createMany('delivered', 20);
    clock.advance(5 * DAY);
    for (let n = 1; n <= 20; n++) {
      const tracker = sandbox.trackerByCode(sandboxTrackingCode('delivered', n)) as Tracker;
      const hoursTo = (status: string) => (timeOf(tracker, status) - START.getTime()) / HOUR;
      expect(hoursTo('pre_transit')).to.be.within(0, 2);
      expect(hoursTo('in_transit')).to.be.within(7, 13);
      expect(hoursTo('out_for_delivery')).to.be.within(38, 68);
      expect(hoursTo('delivered') - hoursTo('out_for_delivery')).to.be.within(4, 8);
      acceptedAt.add(timeOf(tracker, 'in_transit'));
    }
    expect(acceptedAt.size).to.equal(20);
  });

  it('stops a stalled tracker in transit for good', async () => {
    const code = sandboxTrackingCode('stalled', 1);
    await create(code);
    const { statuses, last } = follow(code, 30, 6);
    expect(statuses).to.deep.equal(['unknown', 'pre_transit', 'in_transit']);
    expect(Date.parse(last.tracking_details.at(-1)?.datetime ?? '')).to.be.below(START.getTime() + 2 * DAY);
  });

  it('keeps a never_scanned tracker at pre_transit with the label scans only', async () => {
    const code = sandboxTrackingCode('never_scanned', 1);
    await create(code);
    const { statuses, last } = follow(code, 30, 6);
    expect(statuses).to.deep.equal(['unknown', 'pre_transit']);
    expect(last.tracking_details.map((detail) => detail.message)).to.deep.equal(['Pre-Shipment Info Sent to USPS', 'Shipping Label Created']);
    expect(last.est_delivery_date).to.equal(null);
  });

  it('leaves a pickup tracker available_for_pickup', async () => {
    const code = sandboxTrackingCode('pickup', 1);
    await create(code);
    const { statuses, last } = follow(code, 10, 2);
    expect(statuses.at(-1)).to.equal('available_for_pickup');
    expect(last.tracking_details.at(-1)?.status_detail).to.equal('arrived_at_pickup_location');
  });

  it('records a failed delivery attempt on exception, then delivers the next day', async () => {
    const code = sandboxTrackingCode('exception', 1);
    await create(code);
    const { statuses, last } = follow(code, 6);
    expect(statuses).to.deep.equal(['unknown', 'pre_transit', 'in_transit', 'out_for_delivery', 'in_transit', 'out_for_delivery', 'delivered']);
    const attempt = last.tracking_details.find((detail) => detail.status_detail === 'delivery_exception') as Detail;
    expect(last.carrier_detail?.initial_delivery_attempt).to.equal(attempt.datetime);
    expect((timeOf(last, 'delivered') - Date.parse(attempt.datetime)) / HOUR).to.be.within(16, 23);
  });

  it('ends return_to_sender and failure in those statuses, with the recorded test-code wording', async () => {
    await createMany('return_to_sender', 1);
    await createMany('failure', 1);
    clock.advance(10 * DAY);
    const returned = sandbox.trackerByCode(sandboxTrackingCode('return_to_sender', 1)) as Tracker;
    const failed = sandbox.trackerByCode(sandboxTrackingCode('failure', 1)) as Tracker;
    expect(returned).to.include({ status: 'return_to_sender', status_detail: 'return', finalized: true });
    expect(returned.tracking_details.at(-1)?.message).to.equal('Address Does Not Exist - Returning to Sender');
    expect(failed).to.include({ status: 'failure', finalized: true });
    expect(failed.tracking_details.at(-1)?.message).to.match(/^Prohibited articles/);
  });

  it('answers mismatch with another carrier than the one asked for, and delivers', async () => {
    const asUps = await client.Tracker.create({ tracking_code: sandboxTrackingCode('mismatch', 1), carrier: 'UPS' });
    const asUsps = await client.Tracker.create({ tracking_code: sandboxTrackingCode('mismatch', 2), carrier: 'USPS' });
    clock.advance(5 * DAY);
    expect((await client.Tracker.retrieve(asUps.id))).to.include({ carrier: 'USPS', status: 'delivered' });
    expect((await client.Tracker.retrieve(asUsps.id))).to.include({ carrier: 'UPS', status: 'delivered' });
  });

  it('takes international parcels through customs and delivers them abroad in 7 to 12 days', async () => {
    await createMany('international', 10);
    clock.advance(13 * DAY);
    for (let n = 1; n <= 10; n++) {
      const tracker = sandbox.trackerByCode(sandboxTrackingCode('international', n)) as Tracker;
      expect(tracker.status).to.equal('delivered');
      expect(tracker.tracking_details.map((detail) => detail.message)).to.include('Inbound Into Customs');
      expect(tracker.tracking_details.at(-1)?.tracking_location.country).to.equal('GB');
      expect((timeOf(tracker, 'delivered') - START.getTime()) / DAY).to.be.within(7, 12);
    }
  });

  it('delivers late trackers one to three days after the estimated date, after a long gap', async () => {
    await createMany('late', 10);
    clock.advance(8 * DAY);
    for (let n = 1; n <= 10; n++) {
      const tracker = sandbox.trackerByCode(sandboxTrackingCode('late', n)) as Tracker;
      const daysLate = (Date.parse(utcDay(timeOf(tracker, 'delivered'))) - Date.parse(tracker.est_delivery_date as string)) / DAY;
      expect(daysLate).to.be.within(1, 3);
      const gaps = tracker.tracking_details.slice(1).map((detail, i) => Date.parse(detail.datetime) - Date.parse(tracker.tracking_details[i].datetime));
      expect(Math.max(...gaps) / HOUR).to.be.at.least(30);
    }
  });

  it('speaks the recorded UPS and FedEx wording for those carriers', async () => {
    await create('1Z767Y5E1594594644');
    await create(sandboxTrackingCode('delivered', 7), 'FedEx');
    clock.advance(5 * DAY);
    const ups = sandbox.trackerByCode('1Z767Y5E1594594644') as Tracker;
    const fedex = sandbox.trackerByCode(sandboxTrackingCode('delivered', 7)) as Tracker;
    expect(ups.carrier).to.equal('UPS');
    expect(ups.tracking_details.map((detail) => detail.message)).to.include('ORIGIN SCAN');
    expect(fedex.tracking_details.map((detail) => detail.message)).to.include.members(['Picked up', 'On FedEx vehicle for delivery']);
  });

  it('never reports a whole-number weight', async () => {
    await createMany('delivered', 200, 0);
    clock.advance(DAY);
    for (let n = 0; n < 200; n++) {
      const { weight } = sandbox.trackerByCode(sandboxTrackingCode('delivered', n)) as Tracker;
      if (weight !== null) expect(Number.isInteger(weight), String(weight)).to.equal(false);
    }
  });
});

describe('sandbox carrier: tracking codes', () => {
  it('builds sandbox codes from SB, a scenario tag and ten digits, and reads them back', () => {
    for (const scenario of scenarioNames) {
      const code = sandboxTrackingCode(scenario, 42);
      expect(code).to.match(/^SB[A-Z]{3}0{8}42$/);
      expect(scenarioForCode(code)).to.equal(scenario);
    }
    expect(() => sandboxTrackingCode('delivered', -1)).to.throw(RangeError);
    expect(() => sandboxTrackingCode('delivered', 1.5)).to.throw(RangeError);
  });

  it('gives other valid codes a scenario by hash, mostly delivered, and none to refused or test codes', () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 2000; n++) {
      const scenario = scenarioForCode(`9400100${String(n).padStart(15, '0')}`) as string;
      counts.set(scenario, (counts.get(scenario) ?? 0) + 1);
    }
    expect(counts.get('delivered')).to.be.within(1500, 1700);
    expect(counts.size).to.be.at.least(8);
    expect(scenarioForCode('9400100000000000000123')).to.equal(scenarioForCode('9400100000000000000123'));
    for (const code of ['EZ4000000004', 'SBINV0000000001', 'AB-123456', 'ABC']) expect(scenarioForCode(code), code).to.equal(undefined);
  });
});

describe('sandbox carrier: clocks', () => {
  it('moves a manual clock only when advanced or set', async () => {
    const clock = manualClock(START);
    await sleep(20);
    expect(clock.now()).to.deep.equal(START);
    clock.advance(HOUR);
    expect(clock.now().getTime()).to.equal(START.getTime() + HOUR);
    clock.set(new Date('2026-04-01T00:00:00Z'));
    expect(clock.now().toISOString()).to.equal('2026-04-01T00:00:00.000Z');
  });

  it('runs a scaled clock at its speed, on top of what advance and set add', async () => {
    const before = performance.now();
    const clock = scaledClock(START, 3600);
    await sleep(100);
    const after = performance.now();
    // setTimeout may fire a little early; the clock must track the real elapsed time, scaled.
    const virtual = clock.now().getTime() - START.getTime();
    expect(virtual).to.be.at.least(Math.floor((after - before) * 3600) - 3600);
    expect(virtual).to.be.at.most(Math.ceil((performance.now() - before) * 3600) + 3600);
    expect(virtual).to.be.at.least(90 * 3600);
    clock.set(START);
    clock.advance(DAY);
    expect(clock.now().getTime() - START.getTime()).to.be.within(DAY, DAY + 100 * 3600);
  });
});
