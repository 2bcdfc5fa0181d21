/** How the transport spaces its reconnection attempts. */
export interface ReconnectOptions {
  /** The longest first wait (default 500 ms); each failed attempt doubles it. */
  initialDelayMs: number;
  /** The longest any wait may get (default 15 s). */
  maxDelayMs: number;
  /**
   * `full` (the default) waits a random time between 0 and the exponential cap, so
   * clients dropped together by a server restart do not all come back in the same instant.
   * `none` waits the cap itself (predictable, for debugging).
   */
  jitter: 'full' | 'none';
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 500, maxDelayMs: 15_000, jitter: 'full' };

/** The wait before reconnection attempt `attempt` (0 for the first after a loss). */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number): number {
  // Past 2^30 the cap is long since maxDelayMs; bounding the exponent keeps the number finite.
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  if (options.jitter === 'none') return cap;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * cap);
}
