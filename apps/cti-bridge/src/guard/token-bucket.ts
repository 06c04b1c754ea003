/**
 * Token buckets (rate per second, burst), refilled lazily from a monotonic clock: `take()` either spends one token
 * or says how long until one is back. Keyed sets of them (per socket, per user) live in RateBuckets.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends `cost` tokens: 0 when allowed, else the milliseconds until they would be available. */
  take(cost = 1): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return 0;
    }
    return Math.ceil(((cost - this.tokens) / this.rate) * 1000);
  }

  /** Full again (nothing spent for a while): the bucket can be forgotten. */
  get idle(): boolean {
    return this.tokens + ((this.now() - this.last) / 1000) * this.rate >= this.burst;
  }
}

export class RateBuckets<K> {
  private readonly buckets = new Map<K, TokenBucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now?: () => number,
  ) {}

  take(key: K, cost = 1): number {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.rate, this.burst, this.now);
      this.buckets.set(key, b);
    }
    return b.take(cost);
  }

  forget(key: K): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that are full again (bounded memory however many keys come and go). */
  prune(): void {
    for (const [k, b] of this.buckets) if (b.idle) this.buckets.delete(k);
  }

  get size(): number {
    return this.buckets.size;
  }
}
