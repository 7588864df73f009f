import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../../core/config.ts';
import { carrierCalls } from '../../core/metrics.ts';
import { createEasyPostClient, EasyPostClientClass, type EasyPostClient } from './easypost-client.ts';
import { RateLimiter, Semaphore } from './rate-limiter.ts';

// The one place that talks to EasyPost about trackers, through the real client. It adds what the client
// lacks: a real per-request deadline (set in easypost-client.ts), a per-process request rate cap,
// Retry-After, and a classification of every failure into what the caller should do about it.

export type CarrierFailureKind = 'transient' | 'rate_limited' | 'invalid' | 'not_found' | 'unauthorized';

export class CarrierError extends Error {
  readonly kind: CarrierFailureKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(kind: CarrierFailureKind, message: string, details: { status?: number; code?: string; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'CarrierError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export interface TrackingApi {
  createTracker(trackingCode: string, carrier: string | null): Promise<unknown>;
  retrieveTracker(trackerId: string): Promise<unknown>;
}

interface CallState {
  status?: number;
  retryAfter?: string;
}

// Seconds, or an HTTP date, per RFC 9110.
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// EasyPost's refusals of a tracking code itself (the node client's types/errors/ErrorCode.d.ts).
// Only these, and only when creating a tracker, mean the code will never be tracked.
export const invalidCodeErrors: ReadonlySet<string> = new Set([
  'TRACKER.INVALID_PARAMS',
  'TRACKER.INVALID_TEST_CODE',
  'TRACKER.NO_CARRIER_FOR_CODE',
  'TRACKER.UNSUPPORTED_CARRIER',
  'TRACKER.CARRIER_CODE_MISMATCH',
  'TRACKER.MULTIPLE_CARRIERS_FOR_CODE',
]);

type Operation = 'create_tracker' | 'retrieve_tracker';

function classify(error: unknown, call: CallState, operation: Operation): CarrierError {
  const e = error as { statusCode?: number; code?: string; message?: string; timeout?: number };
  const status = e.statusCode ?? call.status;
  const message = e.message ?? String(error);
  const details = { status, code: typeof e.code === 'string' ? e.code : undefined, cause: error };
  if (e.timeout !== undefined || e.code === 'ECONNABORTED') return new CarrierError('transient', `EasyPost did not answer in time: ${message}`, details);
  if (status === 429) {
    return new CarrierError('rate_limited', 'EasyPost asked us to slow down', { ...details, retryAfterMs: parseRetryAfter(call.retryAfter) });
  }
  if (status === 401 || status === 403) return new CarrierError('unauthorized', `EasyPost refused the API key: ${message}`, details);
  if (status === 404) return new CarrierError('not_found', `EasyPost does not know this tracker: ${message}`, details);
  if ((status === 400 || status === 422) && operation === 'create_tracker' && details.code && invalidCodeErrors.has(details.code)) {
    return new CarrierError('invalid', message, details);
  }
  // Any other 400 or 422 (EasyPost reports some carrier outages so, naming a server error; an
  // existing tracker's code was accepted once), 5xx, 408, other statuses, a body that is not
  // EasyPost's JSON (HTML 502, empty 503: the client throws a plain TypeError), a refused
  // connection: all worth trying again later.
  return new CarrierError('transient', `EasyPost call failed: ${message}`, { ...details, retryAfterMs: parseRetryAfter(call.retryAfter) });
}

export class EasyPostTracking implements TrackingApi {
  readonly #client: EasyPostClient;
  readonly #limiter: RateLimiter;
  readonly #inFlight: Semaphore;
  readonly #calls = new AsyncLocalStorage<CallState>();

  constructor(config: Pick<Config, 'EASYPOST_API_KEY' | 'EASYPOST_BASE_URL' | 'EASYPOST_TIMEOUT_MS' | 'EASYPOST_MAX_RPS' | 'POLL_CONCURRENCY'>) {
    if (!config.EASYPOST_API_KEY) throw new Error('EASYPOST_API_KEY is required to track parcels');
    this.#client = createEasyPostClient(config, {
      // Read when the request is built, inside #call's async context.
      listenerForRequest: () => {
        const call = this.#calls.getStore();
        if (!call) return undefined;
        return (res) => {
          call.status = res.status;
          call.retryAfter = res.headers['retry-after'];
        };
      },
    });
    this.#limiter = new RateLimiter(config.EASYPOST_MAX_RPS);
    this.#inFlight = new Semaphore(config.POLL_CONCURRENCY);
  }

  // Caps per process: requests in flight (POLL_CONCURRENCY) and requests per second (EASYPOST_MAX_RPS).
  #call<T>(name: Operation, operation: (client: EasyPostClient) => Promise<T>): Promise<T> {
    return this.#inFlight.use(async () => {
      await this.#limiter.take();
      const call: CallState = {};
      try {
        const result = await this.#calls.run(call, () => operation(this.#client));
        carrierCalls.inc({ operation: name, status: String(call.status ?? 200) });
        return result;
      } catch (error) {
        const failure = classify(error, call, name);
        carrierCalls.inc({ operation: name, status: failure.status ? String(failure.status) : failure.kind });
        throw failure;
      }
    });
  }

  createTracker(trackingCode: string, carrier: string | null): Promise<unknown> {
    return this.#call('create_tracker', (c) => c.Tracker.create(carrier ? { tracking_code: trackingCode, carrier } : { tracking_code: trackingCode }));
  }

  retrieveTracker(trackerId: string): Promise<unknown> {
    return this.#call('retrieve_tracker', (c) => c.Tracker.retrieve(trackerId));
  }
}

let validator: EasyPostClient | undefined;

// Verifies X-Hmac-Signature with the client's own helper; returns the parsed event or throws.
export function validateEasyPostWebhook(body: Buffer, headers: Record<string, unknown>, secret: string): unknown {
  validator ??= new EasyPostClientClass('', { useProxy: true });
  return validator.Utils.validateWebhook(body, headers, secret);
}
