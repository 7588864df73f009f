import '@shopify/shopify-api/adapters/node';
import { LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { shopifyCredentials, shopifyWebhookSecret, type Config } from '../../core/config.ts';

// The real Shopify client: a Dev Dashboard app (client id and secret; tokens come from the client
// credentials grant, see access-token.ts) or a legacy custom app with its static token. SHOPIFY_ADMIN_API_URL points it at a stand-in (the sandbox
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
  | 'SHOPIFY_SHOP'
  | 'SHOPIFY_CLIENT_ID'
  | 'SHOPIFY_CLIENT_SECRET'
  | 'SHOPIFY_ADMIN_ACCESS_TOKEN'
  | 'SHOPIFY_API_SECRET'
  | 'SHOPIFY_API_VERSION'
  | 'SHOPIFY_ADMIN_API_URL'
  | 'PUBLIC_URL'
>;

export function createShopify(config: ShopifyClientConfig): Shopify {
  if (config.SHOPIFY_SHOP && config.SHOPIFY_ADMIN_API_URL) {
    installRedirectingFetch();
    redirects.set(config.SHOPIFY_SHOP, config.SHOPIFY_ADMIN_API_URL.replace(/\/+$/, ''));
  }
  const credentials = shopifyCredentials(config);
  const clientCredentials = credentials?.kind === 'client-credentials' ? credentials : undefined;
  // The GraphQL client prefers a configured adminApiAccessToken to the session's token: a Dev Dashboard
  // app must not set one, so that each request carries the token of the session it is given.
  return shopifyApi({
    apiKey: clientCredentials?.clientId ?? 'whereabouts',
    apiSecretKey: shopifyWebhookSecret(config) ?? 'not-configured',
    adminApiAccessToken: clientCredentials ? undefined : config.SHOPIFY_ADMIN_ACCESS_TOKEN,
    isCustomStoreApp: !clientCredentials,
    isEmbeddedApp: false,
    hostName: new URL(config.PUBLIC_URL).host,
    hostScheme: new URL(config.PUBLIC_URL).protocol === 'http:' ? 'http' : 'https',
    apiVersion: config.SHOPIFY_API_VERSION as Shopify['config']['apiVersion'],
    logger: { level: LogSeverity.Error },
  });
}

export type AdminGraphqlClient = InstanceType<Shopify['clients']['Graphql']>;

// A GraphQL Admin API client for a legacy custom app's static token.
export function adminGraphqlClient(shopify: Shopify, shop: string): AdminGraphqlClient {
  return new shopify.clients.Graphql({ session: shopify.session.customAppSession(shop) });
}
