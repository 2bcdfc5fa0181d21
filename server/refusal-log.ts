import type { ServerClock } from './clock.js';
import type { LogEntry, Logger } from './logger.js';

/**
 * Logs one socket's refusals (bad frames, rate-limited frames) without letting a flood of
 * them flood the log: the first refusal of an interval is logged as it happens, the rest of
 * that interval are only counted, and one `refusals-summarised` line per interval says how
 * many of each were left out. So 10,000 bad frames make a handful of lines, not 10,000.
 */
export class RefusalLog {
  private suppressed = new Map<string, number>();
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly clock: ServerClock,
    private readonly intervalMs: number,
    /** Fields every line of this socket carries (connection, user). */
    private readonly fields: () => Record<string, unknown>,
  ) {}

  refused(entry: LogEntry): void {
    if (this.cancelTimer === undefined) {
      this.logger({ ...entry, ...this.fields() });
      this.cancelTimer = this.clock.setTimer(() => this.endInterval(), this.intervalMs);
      return;
    }
    this.suppressed.set(entry.event, (this.suppressed.get(entry.event) ?? 0) + 1);
  }

  /** Writes what is still counted (the socket is going away). */
  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.summarise();
  }

  private endInterval(): void {
    this.cancelTimer = undefined;
    // A flood still going on keeps its interval open: one summary line per interval.
    if (this.summarise()) this.cancelTimer = this.clock.setTimer(() => this.endInterval(), this.intervalMs);
  }

  private summarise(): boolean {
    if (this.suppressed.size === 0) return false;
    const counts = Object.fromEntries(this.suppressed);
    this.suppressed = new Map();
    this.logger({ level: 'warn', event: 'refusals-summarised', ...this.fields(), counts, intervalMs: this.intervalMs });
    return true;
  }
}
