import type { Answer } from './http-io.ts';
import { apiError } from './http-io.ts';
import { seededRandom, type Random } from './random.ts';

export type FaultKind = '429' | '500' | '400_outage' | '502_html' | '503_empty' | 'timeout' | 'malformed_json';

export interface FaultPlan {
  rate: number;
  kinds: FaultKind[];
  retryAfterSeconds?: number;
  timeoutMs?: number;
  seed?: number;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 1;
export const DEFAULT_TIMEOUT_MS = 30_000;

// Decides per request whether to fail and how, from a seeded PRNG so a run can be repeated.
export class FaultDice {
  #plan: FaultPlan | null = null;
  #random: Random = seededRandom(0);
  readonly #defaultSeed: number;

  constructor(defaultSeed: number) {
    this.#defaultSeed = defaultSeed;
  }

  get plan(): FaultPlan | null {
    return this.#plan;
  }

  set(plan: FaultPlan | null): void {
    if (plan && !(plan.rate >= 0 && plan.rate <= 1)) throw new RangeError('fault rate must be between 0 and 1');
    if (plan && plan.rate > 0 && plan.kinds.length === 0) throw new RangeError('a fault plan with a rate needs at least one kind');
    this.#plan = plan && { ...plan, kinds: [...plan.kinds] };
    this.#random = seededRandom(plan?.seed ?? this.#defaultSeed);
  }

  roll(): FaultKind | undefined {
    const plan = this.#plan;
    if (!plan || plan.rate === 0 || this.#random() >= plan.rate) return undefined;
    return plan.kinds[Math.floor(this.#random() * plan.kinds.length)];
  }
}

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

// A response cut off mid-object, as when a proxy drops the connection's tail.
const TRUNCATED_TRACKER = '{"object":"Tracker","mode":"test","status":"in_transit","tracking_details":[{"object":"TrackingDetail","message":"Arrived at USPS Fac';

// The answer for every fault except a timeout, which never answers.
export function faultAnswer(kind: Exclude<FaultKind, 'timeout'>, plan: FaultPlan): Answer {
  switch (kind) {
    case '429': {
      const seconds = plan.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      return apiError(429, 'RATE_LIMITED', 'You have exceeded the rate limit. Please try again later.', { 'retry-after': String(seconds) });
    }
    case '500':
      return apiError(500, 'INTERNAL_SERVER_ERROR', 'We seem to have encountered an error. Please try again later.');
    // A carrier outage as EasyPost sometimes reports it: a 400 whose body names a server error.
    case '400_outage':
      return apiError(400, 'INTERNAL_SERVER_ERROR', 'The carrier is not responding. Please try again later.');
    case '502_html':
      return { status: 502, body: BAD_GATEWAY_PAGE, contentType: 'text/html' };
    case '503_empty':
      return { status: 503, body: '', contentType: 'text/plain' };
    case 'malformed_json':
      return { status: 200, body: TRUNCATED_TRACKER };
  }
}
