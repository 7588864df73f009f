import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { countReceipts } from '../../../db/webhook-receipts.repository.ts';
import { jobs } from '../../../jobs/registry.ts';
import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildOrder, buildShipment } from '../../support/factories.ts';
import { readFixture, readFixtureBytes } from '../../support/fixtures.ts';
import { errorOf, type TestServer } from '../../support/http.ts';

const vector = readFixture('easypost/webhook/hmac_test_vector.json') as { webhook_secret: string; header_value_expected: string; body_file: string };
const body = readFixtureBytes(`easypost/webhook/${vector.body_file}`);

function sign(bytes: Buffer | string, secret = vector.webhook_secret): string {
  return `hmac-sha256-hex=${createHmac('sha256', Buffer.from(secret.normalize('NFKD'), 'utf8')).update(bytes).digest('hex')}`;
}

describe('EasyPost webhook receiver', () => {
  let ctx: TestContext;
  let server: TestServer;
  const post = (payload: Buffer | string, headers: Record<string, string>) =>
    fetch(`${server.url}/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
  const jobCount = async () => (await (await ctx.queue()).boss.findJobs(jobs.applyTrackerWebhook.name)).length;

  beforeEach(async () => {
    ctx = await createTestContext({ EASYPOST_WEBHOOK_SECRET: vector.webhook_secret, HTTP_BODY_LIMIT: '64kb' });
    server = await startApp(ctx);
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  it('signs the fixture body exactly as the recorded test vector says', () => {
    expect(sign(body)).to.equal(vector.header_value_expected);
  });

  it('accepts the signed test vector for a tracker we follow, stores it once and enqueues its application once', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    await buildShipment(ctx.db, order, { tracking_code: '1', tracker_id: 'trk_1', declared_carrier: 'FedEx' });
    const first = await post(body, { 'X-Hmac-Signature': vector.header_value_expected });
    expect(first.status).to.equal(200);
    expect(await first.json()).to.deep.equal({ status: 'accepted' });
    const again = await post(body, { 'X-Hmac-Signature': vector.header_value_expected });
    expect(await again.json()).to.deep.equal({ status: 'duplicate' });
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(1);
    expect(await jobCount()).to.equal(1);
  });

  it('answers 2xx and ignores a tracker it does not follow', async () => {
    const res = await post(body, { 'X-Hmac-Signature': vector.header_value_expected });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ignored' });
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
  });

  it('answers 2xx and ignores a tracker without a tracking code, so EasyPost does not retry it', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    await buildShipment(ctx.db, order, { tracking_code: '1', tracker_id: 'trk_1', declared_carrier: 'FedEx' });
    const text = body.toString('utf8');
    expect(text).to.include('"tracking_code":"1"');
    const codeless = text.replace('"tracking_code":"1"', '"tracking_code":null');
    const res = await post(codeless, { 'X-Hmac-Signature': sign(codeless) });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ignored' });
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
    expect(await jobCount()).to.equal(0);
  });

  it('refuses a tampered body with 401 and stores nothing', async () => {
    const order = await buildOrder(ctx.db, ctx.shop.id);
    await buildShipment(ctx.db, order, { tracking_code: '1', tracker_id: 'trk_1' });
    const tampered = Buffer.from(body.toString('utf8').replace('"in_transit"', '"delivered"'));
    const res = await post(tampered, { 'X-Hmac-Signature': vector.header_value_expected });
    expect(res.status).to.equal(401);
    expect((await errorOf(res)).code).to.equal('unauthorized');
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
    expect(await jobCount()).to.equal(0);
  });

  it('refuses a missing or wrong-secret signature with 401', async () => {
    expect((await post(body, {})).status).to.equal(401);
    expect((await post(body, { 'X-Hmac-Signature': sign(body, 'another secret') })).status).to.equal(401);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
  });

  it('refuses a malformed body with 400 even when it is signed', async () => {
    const broken = '{"description":"tracker.updated","id":';
    const res = await post(broken, { 'X-Hmac-Signature': sign(broken) });
    expect(res.status).to.equal(400);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
  });

  it('refuses a signed event without an id with 400', async () => {
    const odd = JSON.stringify({ description: 'tracker.updated', result: { object: 'Tracker', id: 'trk_1' } });
    const res = await post(odd, { 'X-Hmac-Signature': sign(odd) });
    expect(res.status).to.equal(400);
  });

  it('refuses an oversized body with 413', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(100_000) });
    const res = await post(huge, { 'X-Hmac-Signature': sign(huge) });
    expect(res.status).to.equal(413);
    expect(await countReceipts(ctx.db, ctx.shop.id)).to.equal(0);
  });

  it('ignores events that are not about trackers', async () => {
    const other = JSON.stringify({ id: 'evt_2', description: 'batch.updated', result: { object: 'Batch', id: 'batch_1' } });
    const res = await post(other, { 'X-Hmac-Signature': sign(other) });
    expect(await res.json()).to.deep.equal({ status: 'ignored' });
  });
});

describe('EasyPost webhook receiver without a secret', () => {
  it('refuses every webhook', async () => {
    const ctx = await createTestContext();
    const server = await startApp(ctx);
    try {
      const res = await fetch(`${server.url}/webhooks/easypost`, { method: 'POST', headers: { 'X-Hmac-Signature': vector.header_value_expected }, body });
      expect(res.status).to.equal(401);
    } finally {
      await server.close();
      await ctx.close();
    }
  });
});
