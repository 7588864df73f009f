import EasyPostClientModule from '@easypost/api';
import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manualClock, type SandboxClock } from '../../sandbox/carrier/clock.ts';
import { sandboxTrackingCode } from '../../sandbox/carrier/scenarios.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { failureOf } from '../support/failure.ts';

// The package's types do not describe its ESM default export as constructible.
const EasyPostClient = EasyPostClientModule as unknown as new (key: string, options?: { baseUrl?: string }) => any;

const TEST_KEY = 'EZTK_sandbox_key';
const PRODUCTION_KEY = 'EZAK_sandbox_key';
const URL_A = 'https://shop.example.com/webhooks/easypost';
const URL_B = 'https://other.example.com/hooks';
// Keys in the order of the Webhook objects recorded by EasyPost's client libraries.
const WEBHOOK_KEYS = ['id', 'object', 'mode', 'url', 'created_at', 'disabled_at', 'custom_headers'];

describe('sandbox carrier: webhook endpoints through the EasyPost client', () => {
  let clock: SandboxClock;
  let sandbox: SandboxCarrier;
  let client: any;

  beforeEach(async () => {
    clock = manualClock(new Date('2026-03-02T09:00:00Z'));
    sandbox = await startSandboxCarrier({ clock, listRateLimit: false });
    client = new EasyPostClient(TEST_KEY, { baseUrl: sandbox.baseUrl });
  });
  afterEach(() => sandbox.close());

  it('creates a webhook with the recorded Webhook shape and never shows the secret back', async () => {
    const created = await client.Webhook.create({ url: URL_A, webhook_secret: 'sécret' });
    expect(created.id).to.match(/^hook_[0-9a-f]{32}$/);
    const plain = JSON.parse(JSON.stringify(created));
    delete plain._params;
    expect(Object.keys(plain)).to.deep.equal(WEBHOOK_KEYS);
    expect(plain).to.deep.equal({
      id: created.id, object: 'Webhook', mode: 'test', url: URL_A, created_at: '2026-03-02T09:00:00Z', disabled_at: null, custom_headers: [],
    });
    expect(sandbox.webhooks()).to.deep.equal([{ ...plain, secret: 'sécret' }]);
  });

  it('answers create with 201 and keeps custom headers', async () => {
    const response = await fetch(`${sandbox.baseUrl}webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}` },
      body: JSON.stringify({ webhook: { url: URL_A, custom_headers: [{ name: 'X-Shop', value: 'one' }] } }),
    });
    expect(response.status).to.equal(201);
    expect(((await response.json()) as { custom_headers: unknown }).custom_headers).to.deep.equal([{ name: 'X-Shop', value: 'one' }]);
  });

  it('lists, retrieves, updates and deletes webhooks', async () => {
    const a = await client.Webhook.create({ url: URL_A, webhook_secret: 'one' });
    const b = await client.Webhook.create({ url: URL_B });
    const { webhooks } = await client.Webhook.all();
    expect(webhooks.map((w: any) => w.url)).to.deep.equal([URL_A, URL_B]);
    expect((await client.Webhook.retrieve(b.id)).url).to.equal(URL_B);

    await client.Webhook.update(a.id, { webhook_secret: 'two' });
    expect(sandbox.webhooks().find((w) => w.id === a.id)?.secret).to.equal('two');

    await client.Webhook.delete(b.id);
    expect((await client.Webhook.all()).webhooks.map((w: any) => w.id)).to.deep.equal([a.id]);
  });

  it('re-enables a disabled webhook on update, keeping its secret when none is given', async () => {
    const hook = await client.Webhook.create({ url: URL_A, webhook_secret: 'kept' });
    clock.advance(3_600_000);
    sandbox.disableWebhook(hook.id);
    expect((await client.Webhook.retrieve(hook.id)).disabled_at).to.equal('2026-03-02T10:00:00Z');
    const updated = await client.Webhook.update(hook.id, {});
    expect(updated.disabled_at).to.equal(null);
    expect(sandbox.webhooks()[0]).to.include({ disabled_at: null, secret: 'kept' });
  });

  it('answers 404 NOT_FOUND for an unknown id on retrieve, update and delete', async () => {
    for (const call of [client.Webhook.retrieve('hook_missing'), client.Webhook.update('hook_missing', {}), client.Webhook.delete('hook_missing')]) {
      const error = await failureOf(call);
      expect(error).to.include({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('answers 422 when the url is missing or not a URL', async () => {
    const missing = await failureOf(client.Webhook.create({ webhook_secret: 'x' }));
    expect(missing).to.include({ statusCode: 422, code: 'PARAMETER.REQUIRED' });
    expect(missing.errors).to.deep.equal([{ field: 'url', message: 'must be present' }]);
    const bad = await failureOf(client.Webhook.create({ url: 'not a url' }));
    expect(bad).to.include({ statusCode: 422, code: 'PARAMETER.INVALID' });
    expect(sandbox.webhooks()).to.deep.equal([]);
  });

  it('gives each key mode its own webhooks, as EasyPost keeps test and production apart', async () => {
    const production = new EasyPostClient(PRODUCTION_KEY, { baseUrl: sandbox.baseUrl });
    const live = await production.Webhook.create({ url: URL_A });
    await client.Webhook.create({ url: URL_A });
    expect(live.mode).to.equal('production');
    expect((await production.Webhook.all()).webhooks.map((w: any) => w.id)).to.deep.equal([live.id]);
    expect((await failureOf(client.Webhook.retrieve(live.id))).statusCode).to.equal(404);
    expect(sandbox.webhooks().map((w) => w.mode)).to.deep.equal(['production', 'test']);
  });

  it('counts requests by method, so a test can tell reads from writes', async () => {
    await client.Webhook.all();
    await client.Webhook.create({ url: URL_A });
    expect(sandbox.stats().byMethod).to.deep.equal({ GET: 1, POST: 1 });
  });

  it('throws for disableWebhook on an unknown id', () => {
    expect(() => sandbox.disableWebhook('hook_missing')).to.throw('No webhook hook_missing');
  });
});

// A loopback receiver that keeps what it gets, one path per webhook.
async function startReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { origin, received, close };
}

describe('sandbox carrier: pushes to webhooks registered through the API', () => {
  let sandbox: SandboxCarrier;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: any;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandboxCarrier({ clock: manualClock(new Date('2026-03-02T09:00:00Z')), listRateLimit: false });
    client = new EasyPostClient(TEST_KEY, { baseUrl: sandbox.baseUrl });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('sends one tracker.updated Event to every enabled test-mode webhook, each signed with its own secret', async () => {
    await client.Webhook.create({ url: `${receiver.origin}/one`, webhook_secret: 'sécret-one' });
    await client.Webhook.create({ url: `${receiver.origin}/two`, webhook_secret: 'secret-two' });
    const off = await client.Webhook.create({ url: `${receiver.origin}/disabled`, webhook_secret: 'x' });
    await new EasyPostClient(PRODUCTION_KEY, { baseUrl: sandbox.baseUrl }).Webhook.create({ url: `${receiver.origin}/production` });
    sandbox.disableWebhook(off.id);
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 1), carrier: 'USPS' });
    sandbox.clock.advance(20 * 3_600_000);

    const delivery = await sandbox.pushTrackerUpdated(tracker.id);
    expect(delivery.status).to.equal(200);
    expect(receiver.received.map((r) => r.path).sort()).to.deep.equal(['/one', '/two']);
    const secrets: Record<string, string> = { '/one': 'sécret-one', '/two': 'secret-two' };
    for (const got of receiver.received) {
      const event = client.Utils.validateWebhook(got.body, { 'X-Hmac-Signature': got.headers['x-hmac-signature'] }, secrets[got.path]);
      expect(event).to.include({ description: 'tracker.updated', object: 'Event' });
      expect(event.pending_urls).to.deep.equal([`${receiver.origin}/one`, `${receiver.origin}/two`]);
      expect(event.result.id).to.equal(tracker.id);
    }
    expect(sandbox.stats().webhooksSent).to.equal(2);
  });

  it('sends no signature to a webhook without a secret', async () => {
    await client.Webhook.create({ url: `${receiver.origin}/plain` });
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 2), carrier: 'USPS' });
    await sandbox.pushTrackerUpdated(tracker.id);
    expect(receiver.received).to.have.length(1);
    expect(receiver.received[0].headers).not.to.have.property('x-hmac-signature');
  });

  it('refuses a push when no webhook is registered or configured', async () => {
    const tracker = await client.Tracker.create({ tracking_code: sandboxTrackingCode('delivered', 3), carrier: 'USPS' });
    expect((await failureOf(sandbox.pushTrackerUpdated(tracker.id))).message).to.equal('No webhook is configured for this sandbox carrier.');
  });
});

describe('sandbox carrier: webhook endpoints behind the API key', () => {
  let sandbox: SandboxCarrier;
  beforeEach(async () => {
    sandbox = await startSandboxCarrier({ apiKey: TEST_KEY, listRateLimit: false });
  });
  afterEach(() => sandbox.close());

  it('answers 401 APIKEY.INACTIVE to another key and creates nothing', async () => {
    const stranger = new EasyPostClient('EZTK_someone_else', { baseUrl: sandbox.baseUrl });
    expect(await failureOf(stranger.Webhook.all())).to.include({ statusCode: 401, code: 'APIKEY.INACTIVE' });
    expect(await failureOf(stranger.Webhook.create({ url: URL_A }))).to.include({ statusCode: 401 });
    expect(sandbox.webhooks()).to.deep.equal([]);
  });

  it('serves the key it was started with', async () => {
    const client = new EasyPostClient(TEST_KEY, { baseUrl: sandbox.baseUrl });
    await client.Webhook.create({ url: URL_A });
    expect((await client.Webhook.all()).webhooks).to.have.length(1);
  });
});
