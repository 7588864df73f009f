import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { latestTrackingMoment } from '../../db/shipments.repository.ts';
import { useFastTrackingClock, type FastTime } from '../../core/clock.ts';
import { scaledClock } from '../../sandbox/carrier/clock.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { startSandboxShop, type SandboxShop } from '../../sandbox/shop/server.ts';
import type { Config } from '../../core/config.ts';
import { DEMO_SHOP_DOMAIN } from '../../server/shop.ts';
import { seedDemoShop, type DemoSample } from './demo-shop.ts';

// The living demo: with no EasyPost key and no Shopify shop configured, the same process runs the
// sandbox carrier and the sandbox shop on loopback, points the real clients at them, and lets parcels
// live on a fast clock, so a newcomer watches days of tracking in minutes.

const CREDENTIALS = ['EASYPOST_API_KEY', 'SHOPIFY_SHOP', 'SHOPIFY_CLIENT_ID', 'SHOPIFY_CLIENT_SECRET', 'SHOPIFY_ADMIN_ACCESS_TOKEN', 'SHOPIFY_API_SECRET'] as const;
type Credentials = Pick<Config, (typeof CREDENTIALS)[number]>;

export function isDemo(config: Credentials): boolean {
  return CREDENTIALS.every((name) => !config[name]);
}

// A partial configuration is a mistake, not a demo: name what is missing. A real shop needs EasyPost,
// the shop, and one pair for the app: a Dev Dashboard app's client id and secret (the usual case), or
// a legacy custom app's token and secret.
export function missingCredentials(config: Credentials): string[] {
  if (isDemo(config)) return [];
  const missing: Array<keyof Credentials> = [];
  if (!config.EASYPOST_API_KEY) missing.push('EASYPOST_API_KEY');
  if (!config.SHOPIFY_SHOP) missing.push('SHOPIFY_SHOP');
  const legacy = !config.SHOPIFY_CLIENT_ID && !config.SHOPIFY_CLIENT_SECRET && (config.SHOPIFY_ADMIN_ACCESS_TOKEN || config.SHOPIFY_API_SECRET);
  const pair = legacy ? (['SHOPIFY_ADMIN_ACCESS_TOKEN', 'SHOPIFY_API_SECRET'] as const) : (['SHOPIFY_CLIENT_ID', 'SHOPIFY_CLIENT_SECRET'] as const);
  missing.push(...pair.filter((name) => !config[name]));
  return missing;
}

export interface Demo {
  carrier: SandboxCarrier;
  shop: SandboxShop;
  samples: DemoSample[];
  // The tracking clock the demo runs on, for every thread of the process.
  time: FastTime;
  close(): Promise<void>;
}

// The virtual clock continues where the last run left off: parcels already stored never see time
// go backwards.
async function clockStart(db: Db): Promise<Date> {
  const last = await latestTrackingMoment(db);
  return new Date(Math.max(Date.now(), last ? last.getTime() + 3_600_000 : 0));
}

export async function startDemo(config: Config, db: Db): Promise<Demo> {
  const apiKey = 'EZTK_demo';
  // The demo shop's app is a Dev Dashboard app, as a merchant's is: tokens from the client credentials grant.
  const clientId = 'whereabouts-demo';
  const clientSecret = randomBytes(16).toString('hex');
  const webhookSecret = randomBytes(16).toString('hex');
  const time: FastTime = { start: (await clockStart(db)).getTime(), origin: Date.now(), speed: config.DEMO_CLOCK_SPEED };
  const clock = scaledClock(new Date(time.start), time.speed);
  const carrier = await startSandboxCarrier({
    apiKey,
    clock,
    autoWebhooks: true,
    webhook: { url: `http://127.0.0.1:${config.PORT}/webhooks/easypost`, secret: webhookSecret },
  });
  const shop = await startSandboxShop({ clientId, clientSecret, shopDomain: DEMO_SHOP_DOMAIN, orders: 0 });
  const samples = seedDemoShop(shop);
  Object.assign(config, {
    EASYPOST_API_KEY: apiKey,
    EASYPOST_BASE_URL: carrier.baseUrl,
    EASYPOST_WEBHOOK_SECRET: webhookSecret,
    EASYPOST_MAX_RPS: Math.max(config.EASYPOST_MAX_RPS, 200),
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_CLIENT_ID: clientId,
    SHOPIFY_CLIENT_SECRET: clientSecret,
    SHOPIFY_ADMIN_API_URL: shop.origin,
    SHOP_NAME: config.SHOP_NAME ?? 'Whereabouts Demo Shop',
    SUPPORT_EMAIL: config.SUPPORT_EMAIL ?? 'support@demo.example',
  });
  useFastTrackingClock(time);
  return {
    carrier,
    shop,
    samples,
    time,
    close: async () => {
      await carrier.close();
      await shop.close();
    },
  };
}
