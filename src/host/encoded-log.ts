/**
 * One user's most recent events as their JSON text, kept so a reconnecting client can resume:
 * the same bounds as `UserLog` (src/transport/user-log.ts: the last `limit` events, and with
 * `maxAgeMs` none older), for a host that sends events as text anyway (the server).
 *
 * An event's text is made once and shared by its whole audience, and a log holds only
 * strings and numbers (positions are consecutive, so only the first is kept): a server's
 * logs of the last 15 minutes were thousands of small objects per user, which the garbage
 * collector copied and scanned again and again, and each event was encoded a second time for
 * the socket.
 */
export class EncodedLog {
  private bodies: string[] = [];
  /** When each kept event was appended (only with `maxAgeMs`). */
  private times: number[] = [];
  /** The position of `bodies[0]`. */
  private first = 0;
  private readonly maxAgeMs: number;

  constructor(
    private readonly limit: number,
    options: { maxAgeMs?: number } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? Infinity;
  }

  /** Appends the event at `position` (one more than the last one appended). */
  append(position: number, body: string, now = 0): void {
    if (this.bodies.length === 0) this.first = position;
    this.bodies.push(body);
    if (this.maxAgeMs !== Infinity) this.times.push(now);
    // Trim in batches so appending stays O(1) amortised.
    if (this.bodies.length > this.limit + Math.ceil(this.limit / 10)) this.drop(this.bodies.length - this.limit);
    else if (this.maxAgeMs !== Infinity && now - this.times[0]! > this.maxAgeMs * 1.1) this.expire(now);
  }

  /**
   * The texts of the events after `position` (the first at `position + 1`), or undefined
   * when the log cannot serve every one of them (older than the last `limit` events or than
   * `maxAgeMs`, or ahead of the stream's `current` position).
   */
  after(position: number, current: number, now = 0): string[] | undefined {
    if (!Number.isInteger(position) || position > current || position < 0) return undefined;
    if (position === current) return [];
    if (this.maxAgeMs !== Infinity) this.expire(now);
    const start = Math.max(0, this.bodies.length - this.limit);
    if (start >= this.bodies.length || position + 1 < this.first + start) return undefined;
    return this.bodies.slice(start + (position + 1 - (this.first + start)));
  }

  /** How many events are kept. */
  get size(): number {
    return this.bodies.length;
  }

  private expire(now: number): void {
    let old = 0;
    while (old < this.times.length && now - this.times[old]! > this.maxAgeMs) old++;
    if (old > 0) this.drop(old);
  }

  private drop(count: number): void {
    this.bodies = this.bodies.slice(count);
    this.first += count;
    if (this.times.length > 0) this.times = this.times.slice(count);
  }
}
