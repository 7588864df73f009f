import { HttpResponseError } from '@shopify/shopify-api';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { shopQuery } from '../../domain/shopify/connect-queries.ts';
import { DEFAULT_SCOPES, startSandboxShop, type SandboxShop, type SandboxShopOptions } from '../../sandbox/shop/server.ts';
import { credentialsApp, credentialsClient } from '../support/shop-app.ts';

const CLIENT_ID = 'whereabouts-sandbox-client';
const CLIENT_SECRET = 'shpss_sandbox_client_secret';
const STATIC_TOKEN = 'shpat_sandbox_static';
const DOMAIN = 'auth-sandbox.myshopify.com';
const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

describe('sandbox shop: access tokens by the client credentials grant', () => {
  let shop: SandboxShop;

  async function start(options: SandboxShopOptions = {}) {
    shop = await startSandboxShop({ shopDomain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options });
  }
  const tokenRequest = (body: string, contentType: string) =>
    fetch(`${shop.origin}/admin/oauth/access_token`, { method: 'POST', headers: { 'content-type': contentType, accept: 'application/json' }, body });
  const form = (params: Record<string, string>) => tokenRequest(new URLSearchParams(params).toString(), 'application/x-www-form-urlencoded');
  const graphql = (token: string, query = '{ shop { name } }') =>
    fetch(`${shop.origin}/admin/api/2026-10/graphql.json`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': token }, body: JSON.stringify({ query }) });

  afterEach(() => shop.close());

  it('issues an expiring token to the real library, which then reads the Admin API with it', async () => {
    await start();
    const shopify = credentialsApp(shop, CLIENT_ID, CLIENT_SECRET);
    const before = Date.now();
    const { session, client } = await credentialsClient(shopify, shop);
    expect(session.accessToken).to.match(/^shpat_[0-9a-f]{32}$/);
    expect(session.scope).to.equal(DEFAULT_SCOPES.join(','));
    expect(session.expires?.getTime()).to.be.within(before + 86_399_000 - 1000, Date.now() + 86_399_000);
    const response = await client.request<{ shop: { myshopifyDomain: string } }>(shopQuery);
    expect(response.data?.shop.myshopifyDomain).to.equal(DOMAIN);
    expect(shop.stats().tokensIssued).to.equal(1);
  });

  it('takes the grant as a form or as JSON and answers access_token, scope and expires_in', async () => {
    await start({ tokenLifetimeSeconds: 3600, scopes: ['read_orders', 'write_fulfillments'] });
    const byForm = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const byJson = await tokenRequest(JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 'application/json');
    for (const response of [byForm, byJson]) {
      expect(response.status).to.equal(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).to.have.all.keys('access_token', 'scope', 'expires_in');
      expect(body).to.include({ scope: 'read_orders,write_fulfillments', expires_in: 3600 });
      expect((await graphql(String(body.access_token))).status).to.equal(200);
    }
    expect(shop.stats().tokensIssued).to.equal(2);
  });

  it('refuses a wrong client id or secret with invalid_client, which the library throws as HttpResponseError', async () => {
    await start();
    for (const [clientId, clientSecret] of [[CLIENT_ID, 'shpss_wrong'], ['another-client', CLIENT_SECRET]]) {
      const response = await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
      expect(response.status).to.equal(400);
      expect(await response.json()).to.deep.equal({
        error: 'invalid_client',
        error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      });
    }
    const error = await credentialsClient(credentialsApp(shop, CLIENT_ID, 'shpss_wrong'), shop).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(HttpResponseError);
    expect((error as HttpResponseError).response).to.deep.include({ code: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.' } });
    expect(shop.stats().tokensIssued).to.equal(0);
  });

  it('refuses a shop outside the app organisation with shop_not_permitted, and any other grant with unsupported_grant_type', async () => {
    await start({ shopNotPermitted: true });
    const refused = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(refused.status).to.equal(400);
    expect(await refused.json()).to.deep.equal({ error: 'shop_not_permitted', error_description: 'Client credentials cannot be performed on this shop.' });
    const otherGrants: Record<string, string>[] = [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, { grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }];
    for (const params of otherGrants) {
      const response = await form(params);
      expect(response.status).to.equal(400);
      expect(await response.json()).to.have.property('error', 'unsupported_grant_type');
    }
  });

  it('takes only live issued tokens, and the static token when one is set: expireTokens ends every issued one', async () => {
    await start({ accessToken: STATIC_TOKEN });
    const { client } = await credentialsClient(credentialsApp(shop, CLIENT_ID, CLIENT_SECRET), shop);
    expect((await client.request(shopQuery)).data).to.have.property('shop');
    const made = await graphql('shpat_made_up');
    expect(made.status).to.equal(401);
    expect(await made.json()).to.deep.equal(INVALID_TOKEN);
    shop.expireTokens();
    const error = await client.request(shopQuery).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(HttpResponseError);
    expect((error as HttpResponseError).response.code).to.equal(401);
    expect((await graphql(STATIC_TOKEN)).status).to.equal(200);
  });

  it('lets a token die after tokenLifetimeSeconds, on the real clock', async () => {
    await start({ tokenLifetimeSeconds: 1 });
    const issued = (await (await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).json()) as { access_token: string; expires_in: number };
    expect(issued.expires_in).to.equal(1);
    expect((await graphql(issued.access_token)).status).to.equal(200);
    await sleep(1100);
    const expired = await graphql(issued.access_token);
    expect(expired.status).to.equal(401);
    expect(await expired.json()).to.deep.equal(INVALID_TOKEN);
  });

  it('without a client id keeps the legacy behaviour: the static token, or any token when none is set', async () => {
    shop = await startSandboxShop({ shopDomain: DOMAIN, accessToken: STATIC_TOKEN });
    expect((await graphql(STATIC_TOKEN)).status).to.equal(200);
    expect((await graphql('shpat_other')).status).to.equal(401);
    const refused = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(await refused.json()).to.have.property('error', 'invalid_client');
    await shop.close();
    shop = await startSandboxShop({ shopDomain: DOMAIN });
    expect((await graphql('shpat_anything')).status).to.equal(200);
  });
});
