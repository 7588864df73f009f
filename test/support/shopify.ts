import { startSandboxShop, type SandboxShop, type SandboxShopOptions } from '../../sandbox/shop/server.ts';

export const SHOP_TOKEN = 'shpat_sandbox_test_token';
export const SHOP_SECRET = 'shpss_sandbox_test_secret';

export async function startShop(options: SandboxShopOptions = {}): Promise<SandboxShop> {
  return startSandboxShop({ accessToken: SHOP_TOKEN, apiSecret: SHOP_SECRET, ...options });
}

// The service's configuration for a sandbox shop: the real client, re-addressed to it.
export function shopEnv(shop: SandboxShop, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: SHOP_TOKEN,
    SHOPIFY_API_SECRET: SHOP_SECRET,
    SHOPIFY_ADMIN_API_URL: shop.origin,
    SHOPIFY_API_VERSION: '2026-10',
    ...extra,
  };
}

export const CLIENT_ID = 'whereabouts-test-client-id';
export const CLIENT_SECRET = 'shpss_client_secret_of_the_test_app';

// A shop whose app is a Dev Dashboard app: tokens only from the client credentials grant.
export async function startDevDashboardShop(options: SandboxShopOptions = {}): Promise<SandboxShop> {
  return startSandboxShop({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options });
}

export function devDashboardEnv(shop: SandboxShop, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_CLIENT_ID: CLIENT_ID,
    SHOPIFY_CLIENT_SECRET: CLIENT_SECRET,
    SHOPIFY_ADMIN_API_URL: shop.origin,
    SHOPIFY_API_VERSION: '2026-10',
    ...extra,
  };
}
