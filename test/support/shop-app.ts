import '@shopify/shopify-api/adapters/node';
import { LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { createShopify } from '../../domain/shopify/shopify.client.ts';
import type { SandboxShop } from '../../sandbox/shop/server.ts';

// An app that signs in to a sandbox shop by the client credentials grant, through the real library:
// `shopify.auth.clientCredentials({ shop })` for a token, `new shopify.clients.Graphql({ session })` for
// the Admin API. Its requests to https://{shop} reach the sandbox through the service's own re-addressing
// fetch, which createShopify installs for the shop's domain.
export function credentialsApp(shop: SandboxShop, clientId: string, clientSecret: string): Shopify {
  createShopify({
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: 'shpat_not_used',
    SHOPIFY_API_SECRET: clientSecret,
    SHOPIFY_API_VERSION: '2026-10',
    SHOPIFY_ADMIN_API_URL: shop.origin,
    PUBLIC_URL: 'http://localhost:3000',
  });
  return shopifyApi({
    apiKey: clientId,
    apiSecretKey: clientSecret,
    isCustomStoreApp: false,
    isEmbeddedApp: false,
    hostName: 'localhost:3000',
    hostScheme: 'http',
    apiVersion: '2026-10' as Shopify['config']['apiVersion'],
    logger: { level: LogSeverity.Error },
  });
}

// A GraphQL client holding a fresh token for the app.
export async function credentialsClient(shopify: Shopify, shop: SandboxShop) {
  const { session } = await shopify.auth.clientCredentials({ shop: shop.shopDomain });
  return { session, client: new shopify.clients.Graphql({ session }) };
}
