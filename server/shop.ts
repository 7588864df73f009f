import type { Config } from '../core/config.ts';

export const DEMO_SHOP_DOMAIN = 'whereabouts-demo.myshopify.com';

// The shop this deployment serves: the configured Shopify shop, or the demo shop when none is set.
export function shopIdentity(config: Pick<Config, 'SHOPIFY_SHOP' | 'SHOP_NAME'>): { domain: string; name: string } {
  const domain = config.SHOPIFY_SHOP ?? DEMO_SHOP_DOMAIN;
  const name = config.SHOP_NAME ?? (config.SHOPIFY_SHOP ? domain.replace(/\.myshopify\.com$/, '') : 'Whereabouts Demo Shop');
  return { domain, name };
}
