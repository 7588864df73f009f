import { apiError, isRecord, jsonAnswer, type Answer } from './http-io.ts';
import { modeOfKey, webhookJson, type CustomHeader, type WebhookRegistry } from './webhook-registry.ts';

// EasyPost's webhook endpoints: GET/POST /v2/webhooks and GET/PATCH/DELETE /v2/webhooks/:id.
// Statuses follow the answers recorded by EasyPost's client libraries: create and update
// answer 201, delete answers 200 with {}.

export type WebhookRoute =
  | { name: 'webhooks.list' }
  | { name: 'webhooks.create' }
  | { name: 'webhooks.retrieve' | 'webhooks.update' | 'webhooks.delete'; id: string };

export interface WebhookContext {
  webhooks: WebhookRegistry;
  now(): number;
}

const WEBHOOK_PATH = /^\/v2\/webhooks\/([A-Za-z0-9_]+)$/;
const ONE_WEBHOOK = { GET: 'webhooks.retrieve', PATCH: 'webhooks.update', DELETE: 'webhooks.delete' } as const;

export function webhookRouteOf(method: string, pathname: string): WebhookRoute | undefined {
  if (pathname === '/v2/webhooks') {
    if (method === 'GET') return { name: 'webhooks.list' };
    if (method === 'POST') return { name: 'webhooks.create' };
    return undefined;
  }
  const match = WEBHOOK_PATH.exec(pathname);
  const name = ONE_WEBHOOK[method as keyof typeof ONE_WEBHOOK];
  return match && name ? { name, id: match[1] } : undefined;
}

export function isWebhookRoute(route: { name: string }): route is WebhookRoute {
  return route.name.startsWith('webhooks.');
}

// key is the API key the request authenticated with: it decides the mode, as on EasyPost.
export function answerWebhooks(ctx: WebhookContext, route: WebhookRoute, payload: unknown, key: string | undefined): Answer {
  const mode = modeOfKey(key);
  if (route.name === 'webhooks.list') return jsonAnswer(200, { webhooks: ctx.webhooks.list(mode).map(webhookJson) });
  if (route.name === 'webhooks.create') return create(ctx, payload, mode);
  const record = ctx.webhooks.get(route.id, mode);
  if (!record) return apiError(404, 'NOT_FOUND', 'The requested resource could not be found.');
  switch (route.name) {
    case 'webhooks.retrieve':
      return jsonAnswer(200, webhookJson(record));
    case 'webhooks.delete':
      ctx.webhooks.delete(record.id);
      return jsonAnswer(200, {});
    case 'webhooks.update': {
      const params = isRecord(payload) ? payload : {};
      if (params.webhook_secret !== undefined && typeof params.webhook_secret !== 'string') return invalidField('webhook_secret', 'must be a string');
      const headers = params.custom_headers === undefined ? record.customHeaders : customHeaders(params.custom_headers);
      if (!headers) return invalidField('custom_headers', 'must be a list of {name, value}');
      // Any update enables a disabled webhook again: that is how EasyPost documents re-enabling.
      if (typeof params.webhook_secret === 'string') record.secret = params.webhook_secret;
      record.customHeaders = headers;
      record.disabledAt = undefined;
      return jsonAnswer(201, webhookJson(record));
    }
  }
}

function create(ctx: WebhookContext, payload: unknown, mode: 'test' | 'production'): Answer {
  const params = isRecord(payload) && isRecord(payload.webhook) ? payload.webhook : {};
  if (params.url === undefined || params.url === '') return invalidField('url', 'must be present', 'PARAMETER.REQUIRED');
  if (typeof params.url !== 'string' || !isHttpUrl(params.url)) return invalidField('url', 'must be an http or https URL');
  if (params.webhook_secret !== undefined && typeof params.webhook_secret !== 'string') return invalidField('webhook_secret', 'must be a string');
  const headers = params.custom_headers === undefined ? [] : customHeaders(params.custom_headers);
  if (!headers) return invalidField('custom_headers', 'must be a list of {name, value}');
  const record = ctx.webhooks.create({ mode, url: params.url, secret: params.webhook_secret, customHeaders: headers }, ctx.now());
  return jsonAnswer(201, webhookJson(record));
}

function customHeaders(value: unknown): CustomHeader[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const headers = value.filter((h): h is CustomHeader => isRecord(h) && typeof h.name === 'string' && typeof h.value === 'string');
  return headers.length === value.length ? headers.map(({ name, value }) => ({ name, value })) : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

// EasyPost's error shape, with the offending field named in `errors`.
function invalidField(field: string, message: string, code = 'PARAMETER.INVALID'): Answer {
  return jsonAnswer(422, { error: { code, message: `${field} ${message}`, errors: [{ field, message }] } });
}
