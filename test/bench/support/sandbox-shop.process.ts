import { parseArgs } from 'node:util';
import { sandboxTrackingCode } from '../../../sandbox/carrier/scenarios.ts';
import { startSandboxShop } from '../../../sandbox/shop/server.ts';
import { runOpenLoop } from './open-loop.ts';

// The sandbox shop in a process of its own, sending a peak's fulfillments/create webhooks as Shopify
// does: at each scheduled moment it creates an order with one fulfillment (a tracking number the
// sandbox carrier plays) and posts the signed REST-shaped webhook to --webhook-url. Its cost bucket is
// a Shopify Plus shop's (1,000 points a second, 20,000 at most), the plan of a shop fulfilling
// thousands of orders an hour. Prints one JSON line with its origin once listening. Over IPC it takes
// {fulfil: {startAt, perSecond, seconds}} and answers {fulfilled: [outcome with trackingCode]} once
// every webhook has been answered. Stops on SIGTERM.

const { values } = parseArgs({
  options: { domain: { type: 'string' }, token: { type: 'string' }, secret: { type: 'string' }, 'webhook-url': { type: 'string' } },
});
const shop = await startSandboxShop({
  shopDomain: values.domain,
  accessToken: values.token,
  apiSecret: values.secret,
  webhookUrl: values['webhook-url'],
  cost: { maximumAvailable: 20_000, restoreRate: 1_000 },
});
process.stdout.write(`${JSON.stringify({ origin: shop.origin })}\n`);

interface Fulfil {
  startAt: number;
  perSecond: number;
  seconds: number;
}

const trackingCodes: string[] = [];
const fulfilAndNotify = async (i: number) => {
  const trackingCode = sandboxTrackingCode('delivered', 700_000_000 + i);
  trackingCodes[i] = trackingCode;
  const order = shop.createOrder({ email: `peak.buyer${i}@example.com`, locale: ['en', 'da', 'fil'][i % 3], name: `#P${100_000 + i}` });
  const fulfillment = shop.createFulfillment(order.id, { trackingNumbers: [trackingCode], company: 'USPS' });
  const delivery = await shop.sendWebhook('fulfillments/create', { fulfillmentId: fulfillment.id });
  return { status: delivery.status, answer: /"status":"(\w+)"/.exec(delivery.body)?.[1] };
};

process.on('message', async (message: { fulfil?: Fulfil }) => {
  if (!message.fulfil) return;
  const { startAt, perSecond, seconds } = message.fulfil;
  const outcomes = (await runOpenLoop([{ name: 'fulfillments', perSecond, send: fulfilAndNotify }], startAt, seconds)).get('fulfillments')!;
  process.send?.({ fulfilled: outcomes.map((outcome, i) => ({ ...outcome, trackingCode: trackingCodes[i] })) });
});
process.on('SIGTERM', () => void shop.close().then(() => process.exit(0)));
