import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { latestTrackingMoment } from '../../db/shipments.repository.ts';
import { useTrackingClock } from '../../jobs/tracking/tracking-clock.ts';
import { scaledClock } from '../../sandbox/carrier/clock.ts';
import { startSandboxCarrier, type SandboxCarrier } from '../../sandbox/carrier/server.ts';
import { startSandboxShop, type SandboxShop } from '../../sandbox/shop/server.ts';
import type { Config } from '../config.ts';
import { DEMO_SHOP_DOMAIN } from '../shop.ts';
import { seedDemoShop, type DemoSample } from './demo-shop.ts';

// The living demo: with no EasyPost key and no Shopify shop configured, the same process runs the
// sandbox carrier and the sandbox shop on loopback, points the real clients at them, and lets parcels
// live on a fast clock, so a newcomer watches days of tracking in minutes.

const REAL_CREDENTIALS = ['EASYPOST_API_KEY', 'SHOPIFY_SHOP', 'SHOPIFY_ADMIN_ACCESS_TOKEN'] as const;

export function isDemo(config: Pick<Config, (typeof REAL_CREDENTIALS)[number]>): boolean {
  return REAL_CREDENTIALS.every((name) => !config[name]);
}

// A partial configuration is a mistake, not a demo: name what is missing.
export function missingCredentials(config: Pick<Config, (typeof REAL_CREDENTIALS)[number]>): string[] {
  if (isDemo(config)) return [];
  return REAL_CREDENTIALS.filter((name) => !config[name]);
}

export interface Demo {
  carrier: SandboxCarrier;
  shop: SandboxShop;
  samples: DemoSample[];
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
  const accessToken = 'shpat_demo';
  const apiSecret = randomBytes(16).toString('hex');
  const webhookSecret = randomBytes(16).toString('hex');
  const clock = scaledClock(await clockStart(db), config.DEMO_CLOCK_SPEED);
  const carrier = await startSandboxCarrier({
    apiKey,
    clock,
    autoWebhooks: true,
    webhook: { url: `http://127.0.0.1:${config.PORT}/webhooks/easypost`, secret: webhookSecret },
  });
  const shop = await startSandboxShop({ accessToken, apiSecret, shopDomain: DEMO_SHOP_DOMAIN, orders: 0 });
  const samples = seedDemoShop(shop);
  Object.assign(config, {
    EASYPOST_API_KEY: apiKey,
    EASYPOST_BASE_URL: carrier.baseUrl,
    EASYPOST_WEBHOOK_SECRET: webhookSecret,
    EASYPOST_MAX_RPS: Math.max(config.EASYPOST_MAX_RPS, 200),
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: accessToken,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_ADMIN_API_URL: shop.origin,
    SHOP_NAME: config.SHOP_NAME ?? 'Whereabouts Demo Shop',
    SUPPORT_EMAIL: config.SUPPORT_EMAIL ?? 'support@demo.example',
  });
  useTrackingClock(() => clock.now());
  return {
    carrier,
    shop,
    samples,
    close: async () => {
      await carrier.close();
      await shop.close();
    },
  };
}
