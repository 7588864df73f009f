import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerGraphql, type Endpoint, type GraphqlRequest } from './graphql-endpoint.ts';
import { answerTokenRequest, type ClientCredentials } from './oauth.ts';
import type { TokenRegistry } from './tokens.ts';

// The HTTP face of the shop: POST /admin/api/{version}/graphql.json behind the access token, with
// injected 429s before anything else is looked at, and POST /admin/oauth/access_token, which issues
// tokens by the client credentials grant.

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface HttpState {
  endpoint: Endpoint;
  // The static token (the legacy custom-app path); with neither it nor a client id, any token is taken.
  accessToken: string | undefined;
  credentials: ClientCredentials;
  tokens: TokenRegistry;
  rateLimits: { remaining: number; retryAfterSeconds: number };
}

const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const TOKEN_PATH = '/admin/oauth/access_token';
// The app behind the static token, or behind any token when the shop checks none.
export const LEGACY_APP = 'legacy';
const MAX_BODY_BYTES = 1_048_576;
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const RATE_LIMITED = 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.';

export async function handleHttp(state: HttpState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.endpoint.stats.requests++;
  const answer = await route(state, req);
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': randomUUID(), ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

async function route(state: HttpState, req: IncomingMessage): Promise<HttpAnswer> {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  const version = GRAPHQL_PATH.exec(path)?.[1];
  if (!version && path !== TOKEN_PATH) return { status: 404, body: { errors: 'Not Found' } };
  if (req.method !== 'POST') return { status: 405, body: { errors: 'Method Not Allowed' }, headers: { allow: 'POST' } };
  // Read the whole body even for refusals, so a keep-alive connection stays usable.
  const text = await readBody(req);
  if (!version) {
    const answer = answerTokenRequest(state.credentials, state.tokens, state.endpoint.access, text ?? '', req.headers['content-type']);
    state.endpoint.stats.tokensIssued = state.tokens.issued;
    return answer;
  }
  const app = callerOf(state, req.headers['x-shopify-access-token']);
  if (app === undefined) return { status: 401, body: { errors: INVALID_TOKEN } };
  if (state.rateLimits.remaining > 0) {
    state.rateLimits.remaining--;
    state.endpoint.stats.rateLimited++;
    return { status: 429, body: { errors: RATE_LIMITED }, headers: { 'retry-after': secondsHeader(state.rateLimits.retryAfterSeconds) } };
  }
  if (text === undefined) return { status: 413, body: { errors: 'Request body too large' } };
  const request = graphqlRequest(text, req.headers['content-type']);
  if (!request) return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
  return { status: 200, body: answerGraphql(state.endpoint, request, app), headers: { 'x-shopify-api-version': version } };
}

// The app a token speaks for: a live issued token names its client id; the static token, or any token
// when the shop was started with neither a static token nor a client id, is the legacy app.
function callerOf(state: HttpState, token: string | string[] | undefined): string | undefined {
  if (typeof token !== 'string' || token === '') return undefined;
  if (state.accessToken !== undefined && token === state.accessToken) return LEGACY_APP;
  const app = state.tokens.appFor(token);
  if (app !== undefined) return app;
  return state.accessToken === undefined && state.credentials.clientId === undefined ? LEGACY_APP : undefined;
}

function graphqlRequest(text: string, contentType: string | undefined): GraphqlRequest | undefined {
  if (contentType?.startsWith('application/graphql')) return { query: text };
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return undefined;
    const { query, variables, operationName } = body as Record<string, unknown>;
    if (typeof query !== 'string' || query.trim() === '') return undefined;
    const variableValues = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : undefined;
    return { query, variables: variableValues, operationName: typeof operationName === 'string' ? operationName : undefined };
  } catch {
    return undefined;
  }
}

// Shopify writes whole seconds with a decimal, e.g. "2.0".
function secondsHeader(seconds: number): string {
  return Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}
