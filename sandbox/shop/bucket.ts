// Shopify's leaky bucket for GraphQL cost: a query takes its requested cost out of the bucket up front,
// gets back what it did not use, and the bucket refills at restoreRate points per second of real time.

export interface CostLimits {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus extends CostLimits {
  currentlyAvailable: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = { maximumAvailable: 1000, restoreRate: 50 };

export class CostBucket {
  readonly #limits: CostLimits;
  // false: every query runs, and the status reads full, as for a shop with room to spare.
  readonly #enforced: boolean;
  #available: number;
  #filledAt = performance.now();

  constructor(limits: CostLimits | false) {
    this.#limits = limits || DEFAULT_COST_LIMITS;
    this.#enforced = limits !== false;
    this.#available = this.#limits.maximumAvailable;
  }

  get maximumAvailable(): number {
    return this.#enforced ? this.#limits.maximumAvailable : Number.POSITIVE_INFINITY;
  }

  tryTake(cost: number): boolean {
    this.#refill();
    if (!this.#enforced) return true;
    if (cost > this.#available) return false;
    this.#available -= cost;
    return true;
  }

  giveBack(points: number): void {
    this.#refill();
    if (this.#enforced) this.#available = Math.min(this.#limits.maximumAvailable, this.#available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.#refill();
    return { ...this.#limits, currentlyAvailable: Math.floor(this.#enforced ? this.#available : this.#limits.maximumAvailable) };
  }

  #refill(): void {
    const now = performance.now();
    const restored = ((now - this.#filledAt) / 1000) * this.#limits.restoreRate;
    this.#available = Math.min(this.#limits.maximumAvailable, this.#available + restored);
    this.#filledAt = now;
  }
}
