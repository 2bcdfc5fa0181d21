/**
 * One user's most recent events, kept so a reconnecting client can resume. Bounded by count
 * (`limit`) and, when `maxAgeMs` is given, by age: a client that was away for more than
 * `limit` events, or longer than `maxAgeMs`, gets a snapshot instead, so steady traffic does
 * not grow the log without end.
 *
 * An event is kept as whatever the host sends: the stream event itself (the memory
 * transport), or its JSON text (the server, which encodes an event once for its whole
 * audience; a log of strings also gives the garbage collector nothing to scan). Positions are
 * consecutive, so only the first is kept.
 */
export class RecentLog<T> {
  private items: T[] = [];
  /** When each kept event was appended (only with `maxAgeMs`). */
  private times: number[] = [];
  /** The position of `items[0]`. */
  private first = 0;
  private readonly maxAgeMs: number;

  constructor(
    private readonly limit: number,
    options: { maxAgeMs?: number } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? Infinity;
  }

  /** Appends the event at `position` (one more than the last one appended). */
  append(position: number, item: T, now = 0): void {
    if (this.items.length === 0) this.first = position;
    this.items.push(item);
    if (this.maxAgeMs !== Infinity) this.times.push(now);
    // Trim in batches so appending stays O(1) amortised.
    if (this.items.length > this.limit + Math.ceil(this.limit / 10)) this.drop(this.items.length - this.limit);
    else if (this.maxAgeMs !== Infinity && now - this.times[0]! > this.maxAgeMs * 1.1) this.expire(now);
  }

  /**
   * The events after `position` (the first at `position + 1`), or undefined
   * when the log cannot serve every one of them (older than the last `limit` events or than
   * `maxAgeMs`, or ahead of the stream's `current` position).
   */
  after(position: number, current: number, now = 0): T[] | undefined {
    if (!Number.isInteger(position) || position > current || position < 0) return undefined;
    if (position === current) return [];
    if (this.maxAgeMs !== Infinity) this.expire(now);
    const start = Math.max(0, this.items.length - this.limit);
    if (start >= this.items.length || position + 1 < this.first + start) return undefined;
    return this.items.slice(start + (position + 1 - (this.first + start)));
  }

  /** How many events are kept. */
  get size(): number {
    return this.items.length;
  }

  private expire(now: number): void {
    let old = 0;
    while (old < this.times.length && now - this.times[old]! > this.maxAgeMs) old++;
    if (old > 0) this.drop(old);
  }

  private drop(count: number): void {
    this.items = this.items.slice(count);
    this.first += count;
    if (this.times.length > 0) this.times = this.times.slice(count);
  }
}
