import { canonicalCarrier, detectCarrier, isTestCode, otherCarrier, trackingCodeProblem, type TestCode } from './codes.ts';
import { apiError, isRecord, jsonAnswer, type Answer, type Parsed } from './http-io.ts';
import { renderTracker } from './render.ts';
import { scenarioForCode, type ScenarioName } from './scenarios.ts';
import type { TrackerRecord, TrackerStore } from './store.ts';
import { answerWebhooks, isWebhookRoute, webhookRouteOf, type WebhookContext, type WebhookRoute } from './webhook-endpoints.ts';

// The EasyPost endpoints the service uses: trackers, answered from the store, and webhooks.

export type Route =
  | { name: 'create' | 'batch' | 'list' | 'unknown' }
  | { name: 'retrieve'; id: string }
  | WebhookRoute;

export interface ApiContext extends WebhookContext {
  store: TrackerStore;
  now(): number;
  newTrackerId(): string;
  onTrackerCreated(record: TrackerRecord): void;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const TRACKER_PATH = /^\/v2\/trackers\/([A-Za-z0-9_]+)$/;

export function routeOf(method: string, pathname: string): Route {
  if (pathname === '/v2/trackers') return { name: method === 'POST' ? 'create' : method === 'GET' ? 'list' : 'unknown' };
  if (pathname === '/v2/trackers/batch' && method === 'POST') return { name: 'batch' };
  const tracker = method === 'GET' ? TRACKER_PATH.exec(pathname) : null;
  if (tracker) return { name: 'retrieve', id: tracker[1] };
  return webhookRouteOf(method, pathname) ?? { name: 'unknown' };
}

// key is the API key the request authenticated with.
export function answer(ctx: ApiContext, method: string, route: Route, url: URL, body: Parsed, key: string | undefined): Answer {
  if (route.name === 'unknown') return apiError(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}.`);
  if (!body.ok) return apiError(400, 'BAD_REQUEST', 'The request body could not be parsed as JSON.');
  if (isWebhookRoute(route)) return answerWebhooks(ctx, route, body.value, key);
  switch (route.name) {
    case 'create':
      return create(ctx, body.value);
    case 'retrieve':
      return retrieve(ctx, route.id);
    case 'list':
      return list(ctx, url.searchParams);
    case 'batch':
      return batch(ctx, body.value);
  }
}

// The tracking code a create asks for, when it names one.
export function requestedCode(payload: Parsed): string | undefined {
  const tracker = payload.ok && isRecord(payload.value) ? payload.value.tracker : undefined;
  return isRecord(tracker) && typeof tracker.tracking_code === 'string' ? tracker.tracking_code : undefined;
}

function create(ctx: ApiContext, payload: unknown): Answer {
  const params = isRecord(payload) && isRecord(payload.tracker) ? payload.tracker : {};
  const code = params.tracking_code;
  const problem = trackingCodeProblem(code);
  // Codes from EasyPost's own error list (the node client's types/errors/ErrorCode.d.ts).
  if (problem !== undefined || typeof code !== 'string') {
    return apiError(422, typeof code === 'string' && code !== '' ? 'TRACKER.NO_CARRIER_FOR_CODE' : 'TRACKER.INVALID_PARAMS', problem ?? 'Invalid tracking code.');
  }
  const named = typeof params.carrier === 'string' && params.carrier.trim() !== '' ? canonicalCarrier(params.carrier) : undefined;
  const requested = named ?? detectCarrier(code);
  const script: ScenarioName | TestCode = isTestCode(code) ? code : (scenarioForCode(code) ?? 'delivered');
  const now = ctx.now();
  const { record, created } = ctx.store.findOrCreate(code, requested, () => ({
    id: ctx.newTrackerId(),
    code,
    carrier: script === 'mismatch' ? otherCarrier(requested) : requested,
    script,
    createdAt: now,
  }));
  if (created) ctx.onTrackerCreated(record);
  return jsonAnswer(created ? 201 : 200, renderTracker(record, now));
}

function retrieve(ctx: ApiContext, id: string): Answer {
  const record = ctx.store.byId(id);
  if (!record) return apiError(404, 'NOT_FOUND', 'The requested resource could not be found.');
  return jsonAnswer(200, renderTracker(record, ctx.now()));
}

function list(ctx: ApiContext, query: URLSearchParams): Answer {
  const asked = Number.parseInt(query.get('page_size') ?? '', 10);
  const pageSize = Number.isNaN(asked) ? DEFAULT_PAGE_SIZE : Math.min(Math.max(asked, 1), MAX_PAGE_SIZE);
  const optional = (name: string) => query.get(name) || undefined;
  const { records, hasMore } = ctx.store.list({
    pageSize,
    beforeId: optional('before_id'),
    afterId: optional('before_id') ? undefined : optional('after_id'),
    trackingCode: optional('tracking_code'),
    carrier: optional('carrier'),
  });
  const now = ctx.now();
  return jsonAnswer(200, { trackers: records.map((record) => renderTracker(record, now)), has_more: hasMore });
}

// EasyPost answers with the trackers it has for the codes, as a single page.
function batch(ctx: ApiContext, payload: unknown): Answer {
  const codes = isRecord(payload) ? payload.tracking_codes : undefined;
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
    return apiError(422, 'PARAMETER.INVALID', 'tracking_codes must be a list of tracking codes.');
  }
  const now = ctx.now();
  const found = new Set<TrackerRecord>();
  for (const code of codes) {
    const record = ctx.store.newestByCode(code);
    if (record) found.add(record);
  }
  return jsonAnswer(200, { trackers: [...found].map((record) => renderTracker(record, now)), has_more: false });
}
