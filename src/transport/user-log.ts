import type { StreamEvent } from './types.js';

/**
 * One user's most recent events, kept so a reconnecting client can resume. Bounded:
 * a client that was away for more than `limit` events gets a snapshot instead.
 */
export class UserLog {
  private events: StreamEvent[] = [];
  constructor(private readonly limit: number) {}

  append(event: StreamEvent): void {
    this.events.push(event);
    // Trim in batches so appending stays O(1) amortised.
    if (this.events.length > this.limit + Math.ceil(this.limit / 10)) this.events = this.events.slice(-this.limit);
  }

  /**
   * The events after `position`, or undefined when the log cannot serve every one of them
   * (older than the last `limit` events, or ahead of the stream's `current` position).
   */
  after(position: number, current: number): StreamEvent[] | undefined {
    if (!Number.isInteger(position) || position > current || position < 0) return undefined;
    if (position === current) return [];
    const start = Math.max(0, this.events.length - this.limit);
    const oldest = this.events[start];
    if (!oldest || position + 1 < oldest.position) return undefined;
    // Positions are consecutive, so the first wanted event sits at a computable index.
    return this.events.slice(start + (position + 1 - oldest.position));
  }
}
