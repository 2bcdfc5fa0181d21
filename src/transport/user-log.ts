import type { StreamEvent } from './types.js';

/**
 * One user's most recent events, kept so a reconnecting client can resume. Bounded by count
 * (`limit`) and, when `maxAgeMs` is given, by age: a client that was away for more than
 * `limit` events, or longer than `maxAgeMs`, gets a snapshot instead, so steady traffic does
 * not grow the log without end.
 */
export class UserLog {
  private events: StreamEvent[] = [];
  /** When each kept event was appended (only with `maxAgeMs`). */
  private times: number[] = [];
  private readonly maxAgeMs: number;

  constructor(
    private readonly limit: number,
    options: { maxAgeMs?: number } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? Infinity;
  }

  append(event: StreamEvent, now = 0): void {
    this.events.push(event);
    if (this.maxAgeMs !== Infinity) this.times.push(now);
    // Trim in batches so appending stays O(1) amortised.
    if (this.events.length > this.limit + Math.ceil(this.limit / 10)) this.drop(this.events.length - this.limit);
    else if (this.maxAgeMs !== Infinity && now - this.times[0]! > this.maxAgeMs * 1.1) this.expire(now);
  }

  /**
   * The events after `position`, or undefined when the log cannot serve every one of them
   * (older than the last `limit` events or than `maxAgeMs`, or ahead of the stream's `current` position).
   */
  after(position: number, current: number, now = 0): StreamEvent[] | undefined {
    if (!Number.isInteger(position) || position > current || position < 0) return undefined;
    if (position === current) return [];
    if (this.maxAgeMs !== Infinity) this.expire(now);
    const start = Math.max(0, this.events.length - this.limit);
    const oldest = this.events[start];
    if (!oldest || position + 1 < oldest.position) return undefined;
    // Positions are consecutive, so the first wanted event sits at a computable index.
    return this.events.slice(start + (position + 1 - oldest.position));
  }

  /** How many events are kept. */
  get size(): number {
    return this.events.length;
  }

  private expire(now: number): void {
    let old = 0;
    while (old < this.times.length && now - this.times[old]! > this.maxAgeMs) old++;
    if (old > 0) this.drop(old);
  }

  private drop(count: number): void {
    this.events = this.events.slice(count);
    if (this.times.length > 0) this.times = this.times.slice(count);
  }
}
