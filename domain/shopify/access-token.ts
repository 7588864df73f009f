import { HttpResponseError, type Session, type Shopify } from '@shopify/shopify-api';
import type { ShopifyCredentials } from '../../core/config.ts';
import { adminGraphqlClient, type AdminGraphqlClient } from './shopify.client.ts';

// Admin API sessions for the configured shop. A legacy custom app has one static token for ever. A Dev
// Dashboard app asks for a token with the client credentials grant; the token expires (about 24 h), so
// it is renewed shortly before `expires_in` runs out, and once more when Shopify answers 401. Callers
// that need a token while one is being fetched share that one request.

// Shopify refused to hand out a token (400 invalid_client, shop_not_permitted, …): a configuration
// problem to tell the operator, not a reason to hammer the endpoint.
export class ShopifyAuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ShopifyAuthError';
    this.code = code;
  }
}

const FIXES: Record<string, string> = {
  invalid_client: 'check SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET against the app in the Dev Dashboard (Settings › Credentials)',
  shop_not_permitted: 'the app must belong to the same organisation as the shop and be installed on it (Dev Dashboard › the app › Install app)',
  app_not_installed: 'install the app on the shop (Dev Dashboard › the app › Install app)',
};

export interface AdminSessions {
  readonly renewable: boolean;
  // A client carrying a token valid now (fetched, or renewed, when needed).
  client(): Promise<AdminGraphqlClient>;
  // The token of this client was refused (401): the next client() fetches a new one.
  refused(client: AdminGraphqlClient): void;
}

export function adminSessions(shopify: Shopify, shop: string, credentials: ShopifyCredentials, now: () => number = Date.now): AdminSessions {
  if (credentials.kind === 'static-token') {
    const client = adminGraphqlClient(shopify, shop);
    return { renewable: false, client: async () => client, refused: () => {} };
  }
  return new ClientCredentialSessions(shopify, shop, now);
}

interface Current {
  client: AdminGraphqlClient;
  renewAt: number;
}

class ClientCredentialSessions implements AdminSessions {
  readonly renewable = true;
  readonly #shopify: Shopify;
  readonly #shop: string;
  readonly #now: () => number;
  #current: Current | undefined;
  #pending: Promise<Current> | undefined;

  constructor(shopify: Shopify, shop: string, now: () => number) {
    this.#shopify = shopify;
    this.#shop = shop;
    this.#now = now;
  }

  async client(): Promise<AdminGraphqlClient> {
    if (this.#current && this.#now() < this.#current.renewAt) return this.#current.client;
    this.#pending ??= this.#fetch().finally(() => (this.#pending = undefined));
    return (await this.#pending).client;
  }

  refused(client: AdminGraphqlClient): void {
    if (this.#current?.client === client) this.#current = undefined;
  }

  async #fetch(): Promise<Current> {
    const session = await requestToken(this.#shopify, this.#shop);
    const client = new this.#shopify.clients.Graphql({ session });
    this.#current = { client, renewAt: renewalTime(session, this.#now()) };
    return this.#current;
  }
}

// Renew a tenth of the lifetime early, at most five minutes: a 24 h token is renewed after 23 h 55 min.
function renewalTime(session: Session, now: number): number {
  if (!session.expires) return Number.POSITIVE_INFINITY;
  const lifetime = session.expires.getTime() - now;
  return now + lifetime - Math.min(300_000, lifetime / 10);
}

async function requestToken(shopify: Shopify, shop: string): Promise<Session> {
  try {
    const { session } = await shopify.auth.clientCredentials({ shop });
    if (!session.accessToken) throw new ShopifyAuthError('no_token', 'Shopify answered the token request without an access_token.');
    return session;
  } catch (error) {
    if (error instanceof HttpResponseError && error.response.code >= 400 && error.response.code < 500) {
      const body = error.response.body as { error?: string; error_description?: string; errors?: unknown } | undefined;
      const code = body?.error ?? `http_${error.response.code}`;
      const said = body?.error_description ?? (typeof body?.errors === 'string' ? body.errors : error.response.statusText);
      const fix = FIXES[code];
      throw new ShopifyAuthError(code, `Shopify refused an access token for ${shop} (${error.response.code} ${code}: ${said})${fix ? `: ${fix}` : ''}.`, { cause: error });
    }
    throw error;
  }
}
