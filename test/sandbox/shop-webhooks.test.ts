import type { Shopify } from '@shopify/shopify-api';
import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createShopify } from '../../domain/shopify/shopify.client.ts';
import { readFixture } from '../support/fixtures.ts';
import { startSandboxShop, type SandboxDispute, type SandboxFulfillment, type SandboxOrder, type SandboxShop } from '../../sandbox/shop/server.ts';

const SECRET = 'shpss_sandbox_webhook_secret';
const DOMAIN = 'webhooks-sandbox.myshopify.com';

type Validation = Awaited<ReturnType<Shopify['webhooks']['validate']>>;
interface Received {
  validation: Validation;
  rawBody: string;
  headers: IncomingHttpHeaders;
}

// JSON.parse with the source text of each number, so ids above 2^53 keep every digit (Node 22).
const parseWithSource = JSON.parse as (text: string, reviver: (key: string, value: unknown, context?: { source?: string }) => unknown) => unknown;
function parseKeepingBigIds(text: string): Record<string, unknown> {
  return parseWithSource(text, (_key, value, context) => (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source ? context.source : value)) as Record<string, unknown>;
}

// The service's side: a receiver that checks each delivery with the real shopify.webhooks.validate.
async function startReceiver(shopify: Shopify, answerAfterMs = 0) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const validation = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    received.push({ validation, rawBody, headers: req.headers });
    await sleep(answerAfterMs);
    res.writeHead(validation.valid ? 200 : 401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function fixtureKeys(name: string): string[] {
  return Object.keys((readFixture(`shopify/rest_admin_2026-07_examples/${name}`) as { fulfillment: object }).fulfillment);
}

describe('sandbox shop: webhooks', () => {
  const shopify = createShopify({ SHOPIFY_SHOP: DOMAIN, SHOPIFY_API_SECRET: SECRET, SHOPIFY_API_VERSION: '2026-10', PUBLIC_URL: 'http://localhost:3000' });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let shop: SandboxShop;
  let order: SandboxOrder;
  let fulfillment: SandboxFulfillment;

  async function start(answerAfterMs = 0) {
    receiver = await startReceiver(shopify, answerAfterMs);
    shop = await startSandboxShop({ shopDomain: DOMAIN, apiSecret: SECRET, webhookUrl: receiver.url });
    order = shop.createOrder({ locale: 'da', email: 'freja.hansen@example.dk' });
    fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000001', 'sbint0000000002 '], company: 'PostNord' });
  }
  afterEach(async () => {
    await shop.close();
    await receiver.close();
  });

  it('signs fulfillments/create so that shopify.webhooks.validate accepts it, with every Shopify header', async () => {
    await start();
    const delivery = await shop.sendWebhook('fulfillments/create', { fulfillmentId: fulfillment.id });
    expect(delivery.status).to.equal(200);
    const [{ validation, headers }] = receiver.received;
    expect(validation).to.include({ valid: true, topic: 'FULFILLMENTS_CREATE', domain: DOMAIN, apiVersion: '2026-10', eventId: delivery.eventId });
    expect(headers['x-shopify-webhook-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(headers['x-shopify-triggered-at']))).to.be.closeTo(Date.now(), 5000);
    expect(headers['content-type']).to.equal('application/json');
  });

  it('fails validation when the body is changed after signing, or signed with another secret', async () => {
    await start();
    const tampered = await shop.sendWebhook('fulfillments/update', { fulfillmentId: fulfillment.id }, { tamper: true });
    const forged = await shop.sendWebhook('orders/updated', { orderId: order.id }, { secret: 'not-the-app-secret' });
    expect([tampered.status, forged.status]).to.deep.equal([401, 401]);
    expect(receiver.received.map((r) => r.validation)).to.deep.equal([
      { valid: false, reason: 'invalid_hmac' },
      { valid: false, reason: 'invalid_hmac' },
    ]);
    expect(JSON.parse(receiver.received[0].rawBody)).to.have.property('forged', true);
  });

  it('fails validation with missing_headers when a required header is left out', async () => {
    await start();
    await shop.sendWebhook('orders/updated', { orderId: order.id }, { omitHeaders: ['X-Shopify-Webhook-Id'] });
    expect(receiver.received[0].validation).to.deep.include({ valid: false, reason: 'missing_headers', missingHeaders: ['X-Shopify-Webhook-Id'] });
  });

  it('re-delivers an event with the same event id and a new webhook id', async () => {
    await start();
    const first = await shop.sendWebhook('fulfillments/update', { fulfillmentId: fulfillment.id });
    const again = await shop.sendWebhook('fulfillments/update', { fulfillmentId: fulfillment.id }, { eventId: first.eventId });
    const [a, b] = receiver.received.map((r) => r.headers);
    expect(again.eventId).to.equal(first.eventId);
    expect(b['x-shopify-event-id']).to.equal(a['x-shopify-event-id']);
    expect(b['x-shopify-webhook-id']).to.not.equal(a['x-shopify-webhook-id']);
  });

  it('sends the bare fulfillment, as in the recorded fixtures, with ids above 2^53 written digit for digit', async () => {
    await start();
    await shop.sendWebhook('fulfillments/create', { fulfillmentId: fulfillment.id });
    const rawBody = receiver.received[0].rawBody;
    const body = parseKeepingBigIds(rawBody);
    expect(Object.keys(body)).to.include.members(fixtureKeys('fulfillment__POST_create__UPS.json'));
    expect(body).to.include({ id: fulfillment.id, order_id: order.id, status: 'success', tracking_company: 'PostNord', tracking_number: 'SBDLV0000000001', email: 'freja.hansen@example.dk', name: `${order.name}.1` });
    expect(body.tracking_numbers).to.deep.equal(['SBDLV0000000001', 'sbint0000000002 ']);
    expect(body.destination).to.include({ country_code: 'DK', first_name: order.shippingAddress?.firstName });
    expect(rawBody).to.include(`"id":${fulfillment.id},`);
    expect(String((JSON.parse(rawBody) as { id: number }).id)).to.not.equal(fulfillment.id);
  });

  it('sends orders/updated and orders/cancelled as the REST order, with its customer, locale and fulfillments', async () => {
    await start();
    shop.cancelOrder(order.id);
    const body = parseKeepingBigIds(shop.webhookBody('orders/cancelled', { orderId: order.id }));
    expect(body).to.include({ id: order.id, name: order.name, order_number: order.orderNumber, email: 'freja.hansen@example.dk', customer_locale: 'da' });
    expect(body.cancelled_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?-05:00$/);
    expect(body.customer).to.include({ id: order.customer?.id, locale: 'da' });
    expect((body.fulfillments as Record<string, unknown>[]).map((f) => f.id)).to.deep.equal([fulfillment.id]);
    expect(body.shipping_address).to.include({ country_code: 'DK', zip: order.shippingAddress?.zip });
  });

  it('sends disputes/create and app/uninstalled bodies, and a given body as it is', async () => {
    await start();
    const dispute: SandboxDispute = shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED' });
    const disputeBody = parseKeepingBigIds(shop.webhookBody('disputes/create', { disputeId: dispute.id }));
    expect(disputeBody).to.include({ id: dispute.id, order_id: order.id, type: 'chargeback', reason: 'product_not_received', status: 'needs_response', amount: order.totalPrice, currency: 'DKK' });
    expect(Object.keys(disputeBody)).to.include.members(['network_reason_code', 'evidence_due_by', 'evidence_sent_on', 'finalized_on', 'initiated_at']);
    expect(JSON.parse(shop.webhookBody('app/uninstalled', {}))).to.include({ myshopify_domain: DOMAIN });
    await shop.sendWebhook('orders/updated', { body: '{"id":1}' });
    expect(receiver.received[0]).to.deep.include({ rawBody: '{"id":1}' });
    expect(receiver.received[0].validation.valid).to.equal(true);
  });

  it('reports how long the receiver took to answer', async () => {
    await start(150);
    const delivery = await shop.sendWebhook('fulfillments/create', { fulfillmentId: fulfillment.id });
    expect(delivery.ms).to.be.at.least(140);
    expect(delivery.status).to.equal(200);
  });
});
