import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { SandboxCarrier } from '../../../sandbox/carrier/server.ts';
import { createEasyPostClient } from '../../../domain/tracking/easypost-client.ts';
import { checkEasyPostKey, easyPostKeyMode, ensureEasyPostWebhook, EasyPostSetupError } from '../../../domain/tracking/easypost-webhook.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testDatabaseKind } from '../../support/database.ts';
import { carrierEnv, SANDBOX_KEY, startCarrier } from '../../support/tracking.ts';
import { failureOf } from '../../support/failure.ts';

const URL = 'https://whereabouts.example.com/webhooks/easypost';
const OTHER_URL = 'https://another-app.example.com/easypost';
const SECRET = 'whsec_ünïcode_one';

// A port nothing listens on: taken, then given back.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(`ensureEasyPostWebhook (${testDatabaseKind})`, () => {
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  const deps = () => ({ db: ctx.db, shopId: ctx.shop.id, config: ctx.config });
  const writes = () => {
    const { POST = 0, PATCH = 0, DELETE = 0 } = carrier.stats().byMethod;
    return POST + PATCH + DELETE;
  };
  const client = () => createEasyPostClient(ctx.config);
  const remembered = () => ctx.db.selectFrom('provider_webhooks').selectAll().execute();

  beforeEach(async () => {
    carrier = await startCarrier();
    ctx = await createTestContext(carrierEnv(carrier));
  });
  afterEach(async () => {
    await carrier.close();
    await ctx.close();
  });

  it('makes the webhook once and leaves it alone on a second run', async () => {
    const first = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    expect(first).to.deep.equal({ action: 'created', id: carrier.webhooks()[0].id, mode: 'test' });
    expect(carrier.webhooks()).to.have.length(1);
    expect(carrier.webhooks()[0]).to.include({ url: URL, secret: SECRET, disabled_at: null });

    carrier.resetStats();
    const second = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    expect(second).to.deep.equal({ action: 'unchanged', id: first.id, mode: 'test' });
    expect(carrier.stats().byMethod).to.deep.equal({ GET: 1 });
    expect(carrier.webhooks()).to.have.length(1);
  });

  it('remembers only a SHA-256 of the secret, never the secret itself', async () => {
    const { id } = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    const rows = await remembered();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ shop_id: ctx.shop.id, provider: 'easypost', external_id: id, url: URL });
    expect(rows[0].secret_sha256).to.equal(createHash('sha256').update(SECRET, 'utf8').digest('hex'));
    expect(JSON.stringify(rows)).not.to.include(SECRET);
  });

  it('sets a new secret once, remembers it, and changes nothing on the run after', async () => {
    const { id } = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    const rotated = await ensureEasyPostWebhook(deps(), { url: URL, secret: 'whsec_two' });
    expect(rotated).to.deep.equal({ action: 'secret-updated', id, mode: 'test' });
    expect(carrier.webhooks()).to.have.length(1);
    expect(carrier.webhooks()[0].secret).to.equal('whsec_two');

    carrier.resetStats();
    expect((await ensureEasyPostWebhook(deps(), { url: URL, secret: 'whsec_two' })).action).to.equal('unchanged');
    expect(writes()).to.equal(0);
  });

  it('sets the secret on a webhook to the URL that it has no record of, instead of making a second one', async () => {
    const byHand = await client().Webhook.create({ url: URL, webhook_secret: 'typed into the dashboard' });
    const result = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    expect(result).to.deep.equal({ action: 'secret-updated', id: byHand.id, mode: 'test' });
    expect(carrier.webhooks().map((hook) => hook.secret)).to.deep.equal([SECRET]);
  });

  it('re-enables a webhook EasyPost disabled, and then leaves it alone', async () => {
    const { id } = await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    carrier.disableWebhook(id);
    expect(await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET })).to.deep.equal({ action: 're-enabled', id, mode: 'test' });
    expect(carrier.webhooks()[0]).to.include({ disabled_at: null, secret: SECRET });
    carrier.resetStats();
    expect((await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET })).action).to.equal('unchanged');
    expect(writes()).to.equal(0);
  });

  it('never touches a webhook to another URL', async () => {
    const other = await client().Webhook.create({ url: OTHER_URL, webhook_secret: 'theirs' });
    const prefix = await client().Webhook.create({ url: `${URL}/`, webhook_secret: 'not quite ours' });
    carrier.disableWebhook(other.id);
    const before = carrier.webhooks();
    await ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET });
    await ensureEasyPostWebhook(deps(), { url: URL, secret: 'whsec_two' });
    const after = carrier.webhooks();
    expect(after).to.have.length(3);
    expect(after.filter((hook) => hook.id === other.id || hook.id === prefix.id)).to.deep.equal(before);
  });

  it('makes one webhook when two processes run at once', async () => {
    const results = await Promise.all([
      ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET }),
      ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET }),
    ]);
    expect(results.map((r) => r.action).sort()).to.deep.equal(['created', 'unchanged']);
    expect(carrier.webhooks()).to.have.length(1);
  });

  it('reports a refused key as a clear 401 error and records nothing', async () => {
    const error = await failureOf(ensureEasyPostWebhook({ ...deps(), config: { ...ctx.config, EASYPOST_API_KEY: 'EZTK_wrong' } }, { url: URL, secret: SECRET }));
    expect(error).to.be.instanceOf(EasyPostSetupError);
    expect(error).to.include({ statusCode: 401, code: 'APIKEY.INACTIVE' });
    expect(error.message).to.match(/^EasyPost refused the API key while listing webhooks \(401 APIKEY.INACTIVE\): /);
    expect(await remembered()).to.deep.equal([]);
  });

  it('surfaces a server error with its status, also when the body is not JSON', async () => {
    carrier.setFaults({ rate: 1, kinds: ['500'] });
    expect(await failureOf(ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET }))).to.include({ statusCode: 500, code: 'INTERNAL_SERVER_ERROR' });
    carrier.setFaults({ rate: 1, kinds: ['502_html'] });
    const html = await failureOf(ensureEasyPostWebhook(deps(), { url: URL, secret: SECRET }));
    expect(html).to.include({ statusCode: 502 });
    expect(html.message).to.equal("EasyPost answered 502 with a body that is not EasyPost's JSON while listing webhooks");
    carrier.setFaults(null);
    expect(carrier.webhooks()).to.deep.equal([]);
  });

  it('surfaces an unreachable EasyPost and a timeout as errors without a status', async () => {
    const config = { ...ctx.config, EASYPOST_BASE_URL: `http://127.0.0.1:${await closedPort()}/v2/` };
    const unreachable = await failureOf(ensureEasyPostWebhook({ ...deps(), config }, { url: URL, secret: SECRET }));
    expect(unreachable).to.include({ statusCode: undefined, code: 'ECONNREFUSED' });
    expect(unreachable.message).to.match(/^Could not reach EasyPost while listing webhooks: /);

    carrier.setFaults({ rate: 1, kinds: ['timeout'], timeoutMs: 5000 });
    const slow = await failureOf(ensureEasyPostWebhook({ ...deps(), config: { ...ctx.config, EASYPOST_TIMEOUT_MS: 200 } }, { url: URL, secret: SECRET }));
    expect(slow.statusCode).to.equal(undefined);
    expect(slow.message).to.match(/^EasyPost did not answer in time while listing webhooks/);
  });

  it('rejects a URL that is not absolute http(s) and an empty secret before calling EasyPost', async () => {
    await failureOf(ensureEasyPostWebhook(deps(), { url: '/webhooks/easypost', secret: SECRET }));
    await failureOf(ensureEasyPostWebhook(deps(), { url: URL, secret: '  ' }));
    expect(carrier.stats().requests).to.equal(0);
  });

  it('takes a ready client as well as config', async () => {
    const result = await ensureEasyPostWebhook({ db: ctx.db, shopId: ctx.shop.id, client: client() }, { url: URL, secret: SECRET });
    expect(result.action).to.equal('created');
  });
});

describe('EasyPost key checks', () => {
  let carrier: SandboxCarrier;
  beforeEach(async () => {
    carrier = await startCarrier();
  });
  afterEach(() => carrier.close());
  const config = (key: string) => ({ EASYPOST_API_KEY: key, EASYPOST_BASE_URL: carrier.baseUrl, EASYPOST_TIMEOUT_MS: 2000 });

  it('tells test keys from production keys by their prefix', () => {
    expect(easyPostKeyMode('EZTKabc')).to.equal('test');
    expect(easyPostKeyMode('EZAKabc')).to.equal('production');
    expect(easyPostKeyMode('sk_live_abc')).to.equal('unknown');
    expect(easyPostKeyMode('')).to.equal('unknown');
  });

  it('proves a working key with one read and returns its mode', async () => {
    expect(await checkEasyPostKey(createEasyPostClient(config(SANDBOX_KEY)))).to.equal('test');
    expect(await checkEasyPostKey(config(SANDBOX_KEY))).to.equal('test');
    expect(carrier.stats().byMethod).to.deep.equal({ GET: 2 });
  });

  it('throws a clear 401 error for a refused key', async () => {
    const error = await failureOf(checkEasyPostKey(config('EZAK_revoked')));
    expect(error).to.be.instanceOf(EasyPostSetupError);
    expect(error).to.include({ statusCode: 401, code: 'APIKEY.INACTIVE' });
    expect(error.message).to.match(/^EasyPost refused the API key while checking the API key/);
  });
});

describe(`ensureEasyPostWebhook with a production key (${testDatabaseKind})`, () => {
  const PRODUCTION_KEY = 'EZAK_sandbox_production';
  let carrier: SandboxCarrier;
  let ctx: TestContext;
  beforeEach(async () => {
    carrier = await startCarrier({ apiKey: undefined });
    ctx = await createTestContext(carrierEnv(carrier, { EASYPOST_API_KEY: PRODUCTION_KEY }));
  });
  afterEach(async () => {
    await carrier.close();
    await ctx.close();
  });

  it('makes a production webhook beside the test one, as EasyPost keeps the modes apart', async () => {
    const test = await ensureEasyPostWebhook({ db: ctx.db, shopId: ctx.shop.id, config: { ...ctx.config, EASYPOST_API_KEY: SANDBOX_KEY } }, { url: URL, secret: SECRET });
    const production = await ensureEasyPostWebhook({ db: ctx.db, shopId: ctx.shop.id, config: ctx.config }, { url: URL, secret: SECRET });
    expect([test.action, test.mode]).to.deep.equal(['created', 'test']);
    expect([production.action, production.mode]).to.deep.equal(['created', 'production']);
    expect((await ensureEasyPostWebhook({ db: ctx.db, shopId: ctx.shop.id, config: ctx.config }, { url: URL, secret: SECRET })).action).to.equal('unchanged');
  });
});
