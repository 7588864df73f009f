import type { ShopAccess } from './access.ts';
import type { TokenRegistry } from './tokens.ts';

// POST /admin/oauth/access_token with the client credentials grant: an app that holds its client id and
// secret gets an expiring access token for this shop, as Shopify issues them to apps of the merchant's own
// organisation. Answers and refusals have Shopify's OAuth shapes ({ error, error_description } on 400).

export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
  tokenLifetimeSeconds: number;
  // Shopify refuses the grant on a shop outside the app's organisation.
  shopNotPermitted: boolean;
}

export interface OAuthAnswer {
  status: number;
  body: unknown;
}

const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
};
const UNSUPPORTED_GRANT_TYPE = {
  error: 'unsupported_grant_type',
  error_description: 'The authorization grant type is not supported by the authorization server.',
};
const SHOP_NOT_PERMITTED = { error: 'shop_not_permitted', error_description: 'Client credentials cannot be performed on this shop.' };

export function answerTokenRequest(credentials: ClientCredentials, tokens: TokenRegistry, access: ShopAccess, text: string, contentType: string | undefined): OAuthAnswer {
  const params = tokenParams(text, contentType);
  if (params.grant_type !== 'client_credentials') return { status: 400, body: UNSUPPORTED_GRANT_TYPE };
  const { clientId, clientSecret } = credentials;
  if (clientId === undefined || params.client_id !== clientId || params.client_secret !== clientSecret) return { status: 400, body: INVALID_CLIENT };
  if (credentials.shopNotPermitted) return { status: 400, body: SHOP_NOT_PERMITTED };
  const accessToken = tokens.issue(clientId, credentials.tokenLifetimeSeconds);
  return { status: 200, body: { access_token: accessToken, scope: access.scopes.join(','), expires_in: credentials.tokenLifetimeSeconds } };
}

// Form-encoded or JSON, as Shopify takes either; anything unreadable carries no parameters.
function tokenParams(text: string, contentType: string | undefined): Record<string, string | undefined> {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return {};
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}
