import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type FaultKind, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { failureOf } from '../support/failure.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (
  key: string,
  options?: { baseUrl?: string; requestMiddleware?: (request: any) => any },
) => any;

describe('sandbox carrier: faults, pacing and latency', () => {
  let sandbox: SandboxCarrier;
  let client: any;
  let trackerId: string;

  beforeEach(async () => {
    sandbox = await startSandboxCarrier({ listRateLimit: false });
    client = new EasyPostClient('sandbox_key', { baseUrl: sandbox.baseUrl });
    trackerId = (await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 1) })).id;
    sandbox.resetStats();
  });
  afterEach(() => sandbox.close());

  const failAlways = (kind: FaultKind, extra: { retryAfterSeconds?: number; timeoutMs?: number } = {}) =>
    sandbox.setFaults({ rate: 1, kinds: [kind], ...extra });

  it('answers 429 RATE_LIMITED with the Retry-After the plan sets, visible to a response hook', async () => {
    const seen: { status: number; retryAfter: string }[] = [];
    client.addResponseHook((response: any) => seen.push({ status: response.httpStatus, retryAfter: response.headers['retry-after'] }));
    failAlways('429', { retryAfterSeconds: 3 });
    const error = await failureOf(client.Tracker.retrieve(trackerId));
    expect(error).to.include({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(seen).to.deep.equal([{ status: 429, retryAfter: '3' }]);
    expect(sandbox.stats()).to.deep.include({ faultsInjected: 1, byStatus: { '429': 1 } });
  });

  it('answers 500 as an EasyPost INTERNAL_SERVER_ERROR', async () => {
    failAlways('500');
    expect(await failureOf(client.Tracker.retrieve(trackerId))).to.include({ statusCode: 500, code: 'INTERNAL_SERVER_ERROR' });
  });

  it('answers 502 with an HTML page and 503 with an empty body, which the client cannot read as API errors', async () => {
    failAlways('502_html');
    const badGateway = await failureOf(client.Tracker.retrieve(trackerId));
    failAlways('503_empty');
    const unavailable = await failureOf(client.Tracker.retrieve(trackerId));
    for (const error of [badGateway, unavailable]) {
      expect(error).to.be.instanceOf(TypeError);
      expect(error.statusCode).to.equal(undefined);
    }
    failAlways('502_html');
    const page = await fetch(`${sandbox.baseUrl}trackers/${trackerId}`);
    expect(page.headers.get('content-type')).to.equal('text/html');
    expect(await page.text()).to.match(/^<html>/);
  });

  it('answers 200 with a truncated JSON body for malformed_json', async () => {
    failAlways('malformed_json');
    const error = await failureOf(client.Tracker.retrieve(trackerId));
    expect(error).to.be.instanceOf(SyntaxError);
    const response = await fetch(`${sandbox.baseUrl}trackers/${trackerId}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    const body = await response.text();
    expect(body).to.match(/^\{"object":"Tracker"/);
    expect(() => JSON.parse(body)).to.throw(SyntaxError);
  });

  it('holds a timeout fault without answering, then drops the connection', async () => {
    failAlways('timeout', { timeoutMs: 700 });
    const impatient = new EasyPostClient('sandbox_key', { baseUrl: sandbox.baseUrl, requestMiddleware: (request) => request.timeout({ response: 200, deadline: 500 }) });
    const error = await failureOf(impatient.Tracker.retrieve(trackerId));
    expect(error).to.include({ code: 'ECONNABORTED' });
    const started = performance.now();
    const dropped = await failureOf(fetch(`${sandbox.baseUrl}trackers/${trackerId}`));
    expect(dropped).to.be.instanceOf(TypeError);
    expect(performance.now() - started).to.be.within(650, 2000);
    expect(sandbox.stats().byStatus).to.deep.equal({ timeout: 2 });
  });

  it('does not create the tracker when a create is faulted', async () => {
    failAlways('500');
    const code = sandboxTrackingCode('delivered', 2);
    await failureOf(client.Tracker.create({ tracking_code: code }));
    sandbox.setFaults(null);
    expect(sandbox.trackerByCode(code)).to.equal(undefined);
    expect(sandbox.stats()).to.include({ createCalls: 1, trackersCreated: 0 });
  });

  it('fails about the share of requests the rate sets, the same requests again for the same seed', async () => {
    const outcomes = async () => {
      sandbox.setFaults({ rate: 0.3, kinds: ['500', '503_empty'], seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await fetch(`${sandbox.baseUrl}trackers/${trackerId}`)).status);
      return statuses;
    };
    const first = await outcomes();
    expect(first.filter((status) => status !== 200).length).to.be.within(40, 80);
    expect(new Set(first)).to.deep.equal(new Set([200, 500, 503]));
    expect(await outcomes()).to.deep.equal(first);
  });

  it('counts a retry that comes back before Retry-After has passed, on the same path or the same code', async () => {
    const code = sandboxTrackingCode('delivered', 3);
    failAlways('429', { retryAfterSeconds: 2 });
    await failureOf(client.Tracker.retrieve(trackerId));
    await failureOf(client.Tracker.create({ tracking_code: code }));
    sandbox.setFaults(null);
    await client.Tracker.retrieve(trackerId);
    await client.Tracker.create({ tracking_code: code });
    await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 4) });
    expect(sandbox.stats().retryAfterViolations).to.equal(2);
  });

  it('does not count a retry that waits out Retry-After', async () => {
    failAlways('429', { retryAfterSeconds: 1 });
    await failureOf(client.Tracker.retrieve(trackerId));
    sandbox.setFaults(null);
    await sleep(1050); // a timer may fire a millisecond early
    await client.Tracker.retrieve(trackerId);
    expect(sandbox.stats()).to.include({ retryAfterViolations: 0, retrieveCalls: 2 });
  });

  it('delays every answer by the latency, without holding up other requests', async () => {
    sandbox.setLatency(150);
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => client.Tracker.retrieve(trackerId)));
    expect(performance.now() - started).to.be.within(145, 600);
    sandbox.setLatency(0);
  });

  it('refuses a fault plan whose rate is outside 0 to 1', () => {
    expect(() => sandbox.setFaults({ rate: 1.5, kinds: ['500'] })).to.throw(RangeError);
    expect(() => sandbox.setFaults({ rate: 0.5, kinds: [] })).to.throw(RangeError);
  });
});
