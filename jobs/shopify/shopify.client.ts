import '@shopify/shopify-api/adapters/node';
import { LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import type { Config } from '../../server/config.ts';

// The real Shopify client, as a custom app. SHOPIFY_ADMIN_API_URL points it at a stand-in (the sandbox
// shop, tests): the client always speaks https to https://{shop}, so requests to such a shop are
// re-addressed to the configured origin on their way out.

const redirects = new Map<string, string>();
let installed = false;

function installRedirectingFetch(): void {
  if (installed) return;
  installed = true;
  const platformFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const origin = redirects.get(url.host);
    if (!origin) return platformFetch(input, init);
    const target = new URL(url.pathname + url.search, origin);
    return platformFetch(target, init);
  });
}

export type ShopifyClientConfig = Pick<
  Config,
  'SHOPIFY_SHOP' | 'SHOPIFY_ADMIN_ACCESS_TOKEN' | 'SHOPIFY_API_SECRET' | 'SHOPIFY_API_VERSION' | 'SHOPIFY_ADMIN_API_URL' | 'PUBLIC_URL'
>;

export function createShopify(config: ShopifyClientConfig): Shopify {
  if (config.SHOPIFY_SHOP && config.SHOPIFY_ADMIN_API_URL) {
    installRedirectingFetch();
    redirects.set(config.SHOPIFY_SHOP, config.SHOPIFY_ADMIN_API_URL.replace(/\/+$/, ''));
  }
  return shopifyApi({
    apiKey: 'whereabouts',
    apiSecretKey: config.SHOPIFY_API_SECRET ?? 'not-configured',
    adminApiAccessToken: config.SHOPIFY_ADMIN_ACCESS_TOKEN,
    isCustomStoreApp: true,
    isEmbeddedApp: false,
    hostName: new URL(config.PUBLIC_URL).host,
    hostScheme: new URL(config.PUBLIC_URL).protocol === 'http:' ? 'http' : 'https',
    apiVersion: config.SHOPIFY_API_VERSION as Shopify['config']['apiVersion'],
    logger: { level: LogSeverity.Error },
  });
}

// A GraphQL Admin API client for the configured shop.
export function adminGraphqlClient(shopify: Shopify, shop: string) {
  const session = shopify.session.customAppSession(shop);
  return new shopify.clients.Graphql({ session });
}
