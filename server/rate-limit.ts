/**
 * A token bucket: `burst` frames at once, refilled at `perWindow` frames per `windowMs`.
 * One per connection, so a flooding client slows only itself.
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

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perWindow) / this.windowMs);
  }
}
