import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { manualClock, type SandboxClock } from '../../sandbox/carrier/clock.ts';
import { testCodes } from '../../sandbox/carrier/codes.ts';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { readFixture } from '../support/fixtures.ts';
import { failureOf } from '../support/failure.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (key: string, options?: { baseUrl?: string }) => any;

const API_KEY = 'EZTK_sandbox_key';
const TRACKER_KEYS = [
  'id', 'object', 'mode', 'tracking_code', 'status', 'status_detail', 'created_at', 'updated_at', 'signed_by', 'weight',
  'est_delivery_date', 'shipment_id', 'carrier', 'tracking_details', 'carrier_detail', 'finalized', 'is_return', 'public_url', 'fees',
];

interface ErrorBody {
  error: { code: string; message: string; errors: unknown[] };
}

function recordedTestCode(code: string): any {
  const status = ['pre_transit', 'in_transit', 'out_for_delivery', 'delivered', 'return_to_sender', 'failure', 'unknown'][Number(code[2]) - 1];
  return readFixture(`easypost/trackers/test_codes_2020/${code}__${status}.json`);
}

describe('sandbox carrier: tracker API through the EasyPost client', () => {
  let clock: SandboxClock;
  let sandbox: SandboxCarrier;
  let client: any;

  beforeEach(async () => {
    clock = manualClock(new Date('2026-03-02T09:00:00Z'));
    sandbox = await startSandboxCarrier({ clock, apiKey: API_KEY, listRateLimit: false });
    client = new EasyPostClient(API_KEY, { baseUrl: sandbox.baseUrl });
  });
  afterEach(() => sandbox.close());

  it('serves the API on 127.0.0.1 under /v2/', () => {
    expect(sandbox.baseUrl).to.equal(`http://127.0.0.1:${sandbox.port}/v2/`);
  });

  it('creates a tracker that retrieve answers with the same id and the recorded Tracker shape', async () => {
    const created = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 1), carrier: 'USPS' });
    const retrieved = await client.Tracker.retrieve(created.id);
    expect(created.id).to.match(/^trk_[0-9a-f]{32}$/);
    expect(retrieved.id).to.equal(created.id);
    expect(retrieved.created_at).to.equal('2026-03-02T09:00:00Z');
    expect(Object.keys(sandbox.trackerByCode(created.tracking_code) as object)).to.deep.equal(TRACKER_KEYS);
    expect(retrieved).to.include({ object: 'Tracker', mode: 'test', carrier: 'USPS', shipment_id: null, is_return: false });
    expect(retrieved.public_url).to.equal(`https://track.easypost.com/${Buffer.from(`v1:${created.id}`).toString('base64')}`);
  });

  it('answers a repeated create of the same code and carrier with the tracker it already has', async () => {
    const code = sandboxTrackingCode('delivered', 2);
    const first = await client.Tracker.create({ tracking_code: code, carrier: 'USPS' });
    clock.advance(3_600_000);
    const second = await client.Tracker.create({ tracking_code: code, carrier: 'usps' });
    expect(second.id).to.equal(first.id);
    expect(sandbox.stats()).to.include({ trackersCreated: 1, createCalls: 2 });
  });

  it('answers each EasyPost test code with its recorded status and scans, created now', async () => {
    for (const code of testCodes) {
      const recorded = recordedTestCode(code);
      const tracker = await client.Tracker.create({ tracking_code: code, carrier: 'USPS' });
      expect(tracker.status, code).to.equal(recorded.status);
      expect(tracker.created_at).to.equal('2026-03-02T09:00:00Z');
      expect(tracker.tracking_details.map((detail: any) => detail.message)).to.deep.equal(recorded.tracking_details.map((detail: any) => detail.message));
      const lead = (body: any) => (body.tracking_details[0].datetime ? Date.parse(body.created_at) - Date.parse(body.tracking_details[0].datetime) : null);
      expect(lead(tracker), code).to.equal(lead(recorded));
    }
  });

  it('names the carrier in EasyPost spelling, and detects it from the code when none is given', async () => {
    const carrierOf = async (tracking_code: string, carrier?: string) => (await client.Tracker.create({ tracking_code, carrier })).carrier;
    expect(await carrierOf('SBDLV0000000010', 'fedex')).to.equal('FedEx');
    expect(await carrierOf('SBDLV0000000011', 'dhl_express')).to.equal('DHLExpress');
    expect(await carrierOf('1Z767Y5E1594594644')).to.equal('UPS');
    expect(await carrierOf('9400100208303109500782')).to.equal('USPS');
    expect(await carrierOf('CM218237728US')).to.equal('USPS');
    expect(await carrierOf('771234567890')).to.equal('FedEx');
    expect(await carrierOf('SBDLV0000000012')).to.equal('USPS');
  });

  it('refuses invalid tracking codes with 422 and EasyPost’s invalid-code error codes, and creates nothing', async () => {
    for (const tracking_code of ['', 'AB-12345678', 'ABC12', 'A'.repeat(41), 'SBINV0000000001']) {
      const error = await failureOf(client.Tracker.create({ tracking_code, carrier: 'USPS' }));
      expect(error, tracking_code).to.include({ statusCode: 422 });
      expect((error as { code: string }).code, tracking_code).to.be.oneOf(['TRACKER.NO_CARRIER_FOR_CODE', 'TRACKER.INVALID_PARAMS']);
    }
    expect(sandbox.stats().trackersCreated).to.equal(0);
  });

  it('answers 401 APIKEY.INACTIVE to a client with another API key', async () => {
    const stranger = new EasyPostClient('EZTK_other_key', { baseUrl: sandbox.baseUrl });
    const error = await failureOf(stranger.Tracker.create({ tracking_code: 'EZ1000000001' }));
    expect(error).to.include({ statusCode: 401, code: 'APIKEY.INACTIVE' });
  });

  it('answers 404 NOT_FOUND for a tracker id it does not know', async () => {
    const error = await failureOf(client.Tracker.retrieve('trk_00000000000000000000000000000000'));
    expect(error).to.include({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('answers 400 BAD_REQUEST to a body that is not JSON, and 404 JSON to unknown routes', async () => {
    const authorization = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`;
    const badBody = await fetch(`${sandbox.baseUrl}trackers`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"tracker": {' });
    expect(badBody.status).to.equal(400);
    expect(((await badBody.json()) as ErrorBody).error).to.deep.include({ code: 'BAD_REQUEST', errors: [] });
    const unknown = await fetch(`${sandbox.baseUrl}shipments`, { headers: { authorization } });
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as ErrorBody).error.code).to.equal('NOT_FOUND');
  });

  it('lists trackers newest first, a page at a time with has_more and before_id', async () => {
    const codes: string[] = [];
    for (let n = 1; n <= 7; n++) {
      codes.push(sandboxTrackingCode('delivered', 100 + n));
      await client.Tracker.create({ tracking_code: codes[n - 1] });
      clock.advance(60_000);
    }
    const codesOf = (page: any) => page.trackers.map((tracker: any) => tracker.tracking_code);
    const first = await client.Tracker.all({ page_size: 3 });
    expect(codesOf(first)).to.deep.equal([codes[6], codes[5], codes[4]]);
    expect(first.has_more).to.equal(true);
    const second = await client.Tracker.all({ page_size: 3, before_id: first.trackers[2].id });
    expect(codesOf(second)).to.deep.equal([codes[3], codes[2], codes[1]]);
    const last = await client.Tracker.getNextPage(second);
    expect(codesOf(last)).to.deep.equal([codes[0]]);
    expect(last.has_more).to.equal(false);
    const newer = await client.Tracker.all({ page_size: 2, after_id: second.trackers[0].id });
    expect(codesOf(newer)).to.deep.equal([codes[5], codes[4]]);
    expect(newer.has_more).to.equal(true);
  });

  it('filters the list by tracking_code and by carrier', async () => {
    await client.Tracker.create({ tracking_code: 'SBDLV0000000201', carrier: 'UPS' });
    await client.Tracker.create({ tracking_code: 'SBDLV0000000202', carrier: 'USPS' });
    await client.Tracker.create({ tracking_code: 'SBDLV0000000201', carrier: 'FedEx' });
    const byCode = await client.Tracker.all({ tracking_code: 'SBDLV0000000201' });
    expect(byCode.trackers.map((tracker: any) => tracker.carrier)).to.deep.equal(['FedEx', 'UPS']);
    const byCarrier = await client.Tracker.all({ carrier: 'UPS' });
    expect(byCarrier.trackers.map((tracker: any) => tracker.tracking_code)).to.deep.equal(['SBDLV0000000201']);
  });

  it('retrieves a batch of trackers by tracking code, skipping codes it does not track', async () => {
    const one = await client.Tracker.create({ tracking_code: 'SBDLV0000000301' });
    const two = await client.Tracker.create({ tracking_code: 'SBSTL0000000302' });
    const batch = await client.Tracker.retrieveBatch({ tracking_codes: ['SBSTL0000000302', 'SBDLV0000000301', 'SBDLV0000000399'] });
    expect(batch.trackers.map((tracker: any) => tracker.id)).to.deep.equal([two.id, one.id]);
    expect(batch.has_more).to.equal(false);
  });

  it('keeps trackerByCode equal to what retrieve answers', async () => {
    const created = await client.Tracker.create({ tracking_code: sandboxTrackingCode('exception', 5) });
    clock.advance(40 * 3_600_000);
    const retrieved = await client.Tracker.retrieve(created.id);
    expect(JSON.parse(JSON.stringify(retrieved))).to.deep.include(sandbox.trackerByCode(created.tracking_code) as object);
    expect(sandbox.trackerByCode('SBDLV0000009999')).to.equal(undefined);
  });
});

describe('sandbox carrier: list rate limit', () => {
  it('answers 429 with Retry-After once a client lists more than five times in a second', async () => {
    const sandbox = await startSandboxCarrier();
    try {
      const client = new EasyPostClient('any_key', { baseUrl: sandbox.baseUrl });
      const retryAfter: string[] = [];
      client.addResponseHook((response: any) => response.httpStatus === 429 && retryAfter.push(response.headers['retry-after']));
      for (let i = 0; i < 5; i++) await client.Tracker.all({ page_size: 1 });
      const error = await failureOf(client.Tracker.all({ page_size: 1 }));
      expect(error).to.include({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(retryAfter).to.deep.equal(['1']);
      await client.Tracker.create({ tracking_code: 'EZ4000000004' });
    } finally {
      await sandbox.close();
    }
  });
});
