import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answer, requestedCode, routeOf, type ApiContext, type Route } from './api.ts';
import { DEFAULT_TIMEOUT_MS, faultAnswer, type FaultDice, type FaultKind } from './faults.ts';
import { apiError, basicAuthUser, parseJson, readBody, type Answer } from './http-io.ts';
import type { ListRateLimit, RetryAfterLedger } from './pacing.ts';
import { countOutcome, type SandboxStats } from './stats.ts';

// One request's path through the sandbox: count it, check it came back no sooner than it was
// told to, authenticate, maybe inject a fault, rate-limit the list endpoint, answer, and
// hold the answer for the configured latency.

export interface PipelineState {
  api: ApiContext;
  stats: SandboxStats;
  faults: FaultDice;
  retryAfter: RetryAfterLedger;
  listRateLimit: ListRateLimit | undefined;
  apiKey: string | undefined;
  latencyMs: number;
  held: Set<NodeJS.Timeout>;
}

const BODY_LIMIT = 1024 * 1024;

export function handleRequest(state: PipelineState, req: IncomingMessage, res: ServerResponse): void {
  serve(state, req, res).catch((error: unknown) => {
    reply(state, res, apiError(500, 'INTERNAL_SERVER_ERROR', error instanceof Error ? error.message : String(error)));
  });
}

async function serve(state: PipelineState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { stats } = state;
  stats.requests++;
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const route = routeOf(method, url.pathname);
  if (route.name === 'create') stats.createCalls++;
  if (route.name === 'retrieve') stats.retrieveCalls++;
  stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
  const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req, BODY_LIMIT);
  if (raw === undefined) return reply(state, res, apiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.'));
  const body = parseJson(raw);
  const resource = resourceOf(method, url.pathname, route, requestedCode(body));
  if (state.retryAfter.arrivedEarly(resource, performance.now())) stats.retryAfterViolations++;
  if (state.apiKey !== undefined && basicAuthUser(req.headers.authorization) !== state.apiKey) {
    return reply(state, res, apiError(401, 'APIKEY.INACTIVE', 'This api key is no longer active. Please use a different api key or reactivate this key.'));
  }
  const fault = state.faults.roll();
  if (fault) return injectFault(state, req, res, fault, resource);
  if (route.name === 'list' && state.listRateLimit) {
    const client = basicAuthUser(req.headers.authorization) ?? req.socket.remoteAddress ?? '';
    const wait = state.listRateLimit.take(client, performance.now());
    if (wait > 0) return reply(state, res, apiError(429, 'RATE_LIMITED', 'You have exceeded the rate limit. Please try again later.', { 'retry-after': String(wait) }), resource);
  }
  reply(state, res, answer(state.api, method, route, url, body, basicAuthUser(req.headers.authorization)), resource);
}

// What a Retry-After is promised for: the path, or on create the tracking code asked for.
function resourceOf(method: string, pathname: string, route: Route, code: string | undefined): string {
  return route.name === 'create' && code !== undefined ? `create ${code}` : `${method} ${pathname}`;
}

function injectFault(state: PipelineState, req: IncomingMessage, res: ServerResponse, kind: FaultKind, resource: string): void {
  const plan = state.faults.plan;
  if (!plan) return;
  state.stats.faultsInjected++;
  if (kind !== 'timeout') return reply(state, res, faultAnswer(kind, plan), resource);
  countOutcome(state.stats, 'timeout');
  hold(state, plan.timeoutMs ?? DEFAULT_TIMEOUT_MS, req.socket, () => req.socket.destroy());
}

function reply(state: PipelineState, res: ServerResponse, answer: Answer, resource?: string): void {
  countOutcome(state.stats, String(answer.status));
  const send = () => {
    if (res.destroyed) return;
    res.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(answer.body),
      ...answer.headers,
    });
    res.end(answer.body);
    const retryAfter = answer.headers?.['retry-after'];
    if (retryAfter !== undefined && resource !== undefined) state.retryAfter.promise(resource, Number(retryAfter), performance.now());
  };
  if (state.latencyMs > 0) hold(state, state.latencyMs, res.socket, send);
  else send();
}

// A timer, never a busy wait; dropped if the client goes away first or the sandbox closes.
function hold(state: PipelineState, ms: number, socket: Socket | null, then: () => void): void {
  const cancel = () => {
    clearTimeout(timer);
    state.held.delete(timer);
  };
  const timer = setTimeout(() => {
    state.held.delete(timer);
    socket?.off('close', cancel);
    then();
  }, ms);
  state.held.add(timer);
  socket?.once('close', cancel);
}
