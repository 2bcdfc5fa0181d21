/**
 * A token bucket: `burst` frames at once, refilled at `perWindow` frames per `windowMs`.
 * A frame needs one whole token: a fraction never lets one through.
 */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token: 0 when the frame may pass, else how many ms until one is available. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * (this.windowMs / this.perWindow));
  }

  /** Whether the bucket is full again at `now`: forgetting it then changes nothing. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = Math.max(this.updatedAt, now);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perWindow) / this.windowMs);
  }
}

/** How many buckets a `Budgets` holds before it forgets the full ones. */
const SWEEP_AT = 1024;

/**
 * One bucket per key (a user id, or an IP address for sockets not yet signed in), so a
 * budget holds however many sockets share the key. Buckets that have refilled carry no
 * information and are forgotten, which keeps the map as small as the set of busy keys.
 */
export class Budgets {
  private readonly buckets = new Map<string, RateLimiter>();
  private sweepAt = SWEEP_AT;

  constructor(
    readonly perWindow: number,
    readonly windowMs: number,
    readonly burst: number,
  ) {}

  /** Takes one token from `key`'s bucket: 0 when the frame may pass, else ms until it may. */
  take(key: string, now: number): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
      bucket = new RateLimiter(this.perWindow, this.windowMs, this.burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
    // Many busy keys at once: sweep less often rather than on every new key.
    this.sweepAt = Math.max(SWEEP_AT, this.buckets.size * 2);
  }
}
