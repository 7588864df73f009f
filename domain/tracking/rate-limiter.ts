// Spaces requests so a process never sends more than `perSecond` to the carrier, with a small burst.
// Callers queue in order; nothing is dropped.
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #burst: number;
  #nextFreeAt = 0;

  constructor(perSecond: number, burst = Math.max(1, Math.ceil(perSecond / 10))) {
    this.#intervalMs = 1000 / perSecond;
    this.#burst = burst;
  }

  async take(): Promise<void> {
    const now = performance.now();
    // Allow up to `burst` requests of credit, never more, after an idle period.
    this.#nextFreeAt = Math.max(this.#nextFreeAt, now - this.#burst * this.#intervalMs);
    const waitMs = this.#nextFreeAt - now;
    this.#nextFreeAt += this.#intervalMs;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

// At most `limit` holders at once; the rest wait in order.
export class Semaphore {
  readonly #limit: number;
  #held = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.#held >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#held++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held--;
    }
  }
}
