import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { manualClock, type SandboxClock } from '../../sandbox/carrier/clock.ts';
import { sandboxTrackingCode, scenarioNames } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { projectRoot } from '../support/process.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (key: string, options?: { baseUrl?: string }) => any;

const HOUR = 3_600_000;
const START = new Date('2026-03-02T09:00:00Z');

interface Tracker {
  status: string;
  status_detail: string;
  carrier_detail: unknown;
  tracking_details: Array<{ status: string; status_detail: string; message: string }>;
}

// Every word of EasyPost's official vocabulary can be played, so the demo and the tests can show each.
describe('sandbox carrier: EasyPost’s whole vocabulary', () => {
  let clock: SandboxClock;
  let sandbox: SandboxCarrier;
  let client: any;

  beforeEach(async () => {
    clock = manualClock(START);
    sandbox = await startSandboxCarrier({ clock });
    client = new EasyPostClient('sandbox_key', { baseUrl: sandbox.baseUrl });
  });
  afterEach(() => sandbox.close());

  const create = (tracking_code: string, carrier?: string): Promise<unknown> => client.Tracker.create({ tracking_code, carrier });

  it('plays every official EasyPost status and status_detail across its scenarios', async () => {
    const node = path.join(projectRoot, 'node_modules/@easypost/api/types/Tracker');
    const official = (file: string) => [...readFileSync(path.join(node, file), 'utf8').matchAll(/\|\s*'([a-z_]+)'/g)].map((m) => m[1]);
    const statuses = new Set<string>();
    const details = new Set<string>();
    const codes = scenarioNames.flatMap((scenario) => ['USPS', 'UPS', 'FedEx'].map((carrier, i) => ({ code: sandboxTrackingCode(scenario, 900 + i), carrier })));
    await Promise.all(codes.map(({ code, carrier }) => create(code, carrier)));
    for (let hour = 0; hour <= 20 * 24; hour += 6) {
      for (const { code } of codes) {
        const tracker = sandbox.trackerByCode(code) as Tracker;
        statuses.add(tracker.status);
        details.add(tracker.status_detail);
        for (const detail of tracker.tracking_details) details.add(detail.status_detail);
      }
      clock.advance(6 * HOUR);
    }
    expect([...statuses].sort()).to.deep.equal(official('TrackerStatus.d.ts').sort());
    expect([...details].sort()).to.deep.equal(official('TrackerStatusDetail.d.ts').sort());
  });

  it('answers an error scenario as EasyPost answers a code it cannot track', async () => {
    await create(sandboxTrackingCode('error', 1), 'USPS');
    clock.advance(HOUR);
    const tracker = sandbox.trackerByCode(sandboxTrackingCode('error', 1)) as Tracker;
    expect(tracker).to.include({ status: 'error', status_detail: 'unknown', carrier_detail: null });
    expect(tracker.tracking_details.map((d) => [d.status, d.status_detail])).to.deep.equal([['error', 'unknown']]);
    expect(tracker.tracking_details[0].message).to.match(/^In test mode, only test tracking numbers are valid/);
  });

});
