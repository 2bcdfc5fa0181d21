/** Timers driven by hand, so backoff and time-outs are checked without waiting. */
export class FakeTimers {
  private now = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; ms: number; callback: () => void }>();

  readonly setTimeout = (callback: () => void, ms: number): unknown => {
    const id = ++this.nextId;
    this.timers.set(id, { at: this.now + ms, ms, callback });
    return id;
  };

  readonly clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** The delays of the timers still pending, as they were requested. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.ms).sort((a, b) => a - b);
  }

  /** Moves time on, running every timer due on the way in time order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      let dueId: number | undefined;
      let due: { at: number; callback: () => void } | undefined;
      for (const [id, timer] of this.timers) {
        if (timer.at <= until && (!due || timer.at < due.at)) {
          dueId = id;
          due = timer;
        }
      }
      if (dueId === undefined || !due) break;
      this.timers.delete(dueId);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}
