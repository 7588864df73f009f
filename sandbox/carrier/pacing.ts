// How the sandbox judges pace: the per-client limit on the list endpoint, and the
// Retry-After promises it made, to count clients that come back too soon.

// A token bucket per client: bursts up to the limit, then the limit per second.
export class ListRateLimit {
  readonly #perSecond: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError('the list rate limit must be positive');
    this.#perSecond = perSecond;
  }

  // Seconds to wait before trying again, or 0 when the request may go ahead.
  take(client: string, now: number): number {
    const bucket = this.#buckets.get(client) ?? { tokens: this.#perSecond, at: now };
    bucket.tokens = Math.min(this.#perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    this.#buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond));
  }
}

// Timers may fire a millisecond or so early; a client that waited the full Retry-After by its
// own clock must not be counted as early.
const GRACE_MS = 25;
const SWEEP_ABOVE = 10_000;

export class RetryAfterLedger {
  readonly #dueAt = new Map<string, number>();

  promise(resource: string, seconds: number, now: number): void {
    this.#dueAt.set(resource, now + seconds * 1000);
    if (this.#dueAt.size > SWEEP_ABOVE) this.#sweep(now);
  }

  // True when the resource was told to wait longer than it did.
  arrivedEarly(resource: string, now: number): boolean {
    const due = this.#dueAt.get(resource);
    if (due === undefined) return false;
    if (now + GRACE_MS >= due) {
      this.#dueAt.delete(resource);
      return false;
    }
    return true;
  }

  #sweep(now: number): void {
    for (const [resource, due] of this.#dueAt) if (due <= now) this.#dueAt.delete(resource);
  }
}
