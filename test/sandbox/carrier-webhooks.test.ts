import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { manualClock, type SandboxClock } from '../../sandbox/carrier/clock.ts';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { signWebhookBody } from '../../sandbox/carrier/webhooks.ts';
import { readFixture, readFixtureBytes } from '../support/fixtures.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (key: string, options?: { baseUrl?: string }) => any;

const SECRET = 'sécret-for-webhooks';
const HOUR = 3_600_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// A webhook receiver on loopback that keeps every request it gets.
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/easypost`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 3000) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('sandbox carrier: webhook signature', () => {
  it('signs the recorded HMAC test vector exactly', () => {
    const vector = readFixture('easypost/webhook/hmac_test_vector.json') as { webhook_secret: string; header_value_expected: string; body_file: string };
    const body = readFixtureBytes(`easypost/webhook/${vector.body_file}`);
    expect(signWebhookBody(body, vector.webhook_secret)).to.equal(vector.header_value_expected);
  });
});

describe('sandbox carrier: webhooks', () => {
  let clock: SandboxClock;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sandbox: SandboxCarrier;
  let client: any;

  const validate = (delivery: Received, secret = SECRET) =>
    client.Utils.validateWebhook(delivery.body, { 'X-Hmac-Signature': delivery.headers['x-hmac-signature'] }, secret);

  async function start(autoWebhooks: boolean) {
    sandbox = await startSandboxCarrier({ clock, webhook: { url: receiver.url, secret: SECRET }, autoWebhooks });
    client = new EasyPostClient('sandbox_key', { baseUrl: sandbox.baseUrl });
  }

  beforeEach(async () => {
    clock = manualClock(new Date('2026-03-02T09:00:00Z'));
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('pushes a tracker.updated event that the EasyPost client validates', async () => {
    await start(false);
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 1) });
    clock.advance(60 * HOUR);
    const delivery = await sandbox.pushTrackerUpdated(tracker.id);
    expect(delivery.status).to.equal(204);
    const event = validate(receiver.received[0]);
    expect(event).to.include({ object: 'Event', description: 'tracker.updated', mode: 'test', status: 'pending' });
    expect(event.id).to.match(/^evt_[0-9a-f]{32}$/);
    expect(event.pending_urls).to.deep.equal([receiver.url]);
    expect(event.result).to.deep.equal(sandbox.trackerByCode(tracker.tracking_code));
    const [newest, before] = event.result.tracking_details.slice(-2).reverse();
    const previous = newest.status === before.status ? {} : { status: before.status };
    expect(event.previous_attributes).to.deep.equal(previous);
    expect(sandbox.stats().webhooksSent).to.equal(1);
  });

  it('sends a body the client refuses when it was changed after signing', async () => {
    await start(false);
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 2) });
    clock.advance(20 * HOUR);
    await sandbox.pushTrackerUpdated(tracker.id, { tamper: true });
    expect(() => validate(receiver.received[0])).to.throw(/did not originate from EasyPost/);
    expect(JSON.parse(receiver.received[0].body.toString()).result.status).to.equal('delivered');
  });

  it('sends a signature the client refuses when signed with another secret', async () => {
    await start(false);
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 3) });
    await sandbox.pushTrackerUpdated(tracker.id, { secret: 'not-the-shared-secret' });
    expect(() => validate(receiver.received[0])).to.throw();
    expect(validate(receiver.received[0], 'not-the-shared-secret').result.id).to.equal(tracker.id);
  });

  it('pushes tracker.updated by itself as the clock brings a tracker new scans', async () => {
    await start(true);
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 4) });
    const events: any[] = [];
    let scansSeen = 0;
    for (let step = 1; step <= 10; step++) {
      clock.advance(12 * HOUR);
      const scans = (sandbox.trackerByCode(tracker.tracking_code) as { tracking_details: unknown[] }).tracking_details.length;
      if (scans === scansSeen) continue;
      scansSeen = scans;
      await until(() => receiver.received.length === events.length + 1, `the webhook after ${step * 12} hours`);
      events.push(validate(receiver.received[events.length]));
    }
    expect(events.length).to.be.at.least(4);
    expect(new Set(events.map((event) => event.result.id))).to.deep.equal(new Set([tracker.id]));
    expect(events[0].previous_attributes).to.deep.equal({ status: 'unknown' });
    events.slice(1).forEach((event, i) => {
      const before = events[i].result;
      expect(event.result.tracking_details.length).to.be.above(before.tracking_details.length);
      const statusChange = event.result.status === before.status ? {} : { status: before.status };
      expect(event.previous_attributes).to.deep.equal(statusChange);
    });
    expect(events.at(-1).result.status).to.equal('delivered');
    await sleep(300);
    expect(receiver.received.length).to.equal(events.length);
  });

  it('stays quiet about trackers whose scans have stopped', async () => {
    await start(true);
    await client.Tracker.create({ tracking_code: sandboxTrackingCode('never_scanned', 1) });
    clock.advance(3 * HOUR);
    await until(() => receiver.received.length === 1, 'the label webhook');
    clock.advance(30 * 24 * HOUR);
    await sleep(300);
    expect(receiver.received.length).to.equal(1);
    expect(validate(receiver.received[0]).result.status).to.equal('pre_transit');
  });
});
