/**
 * When simulated things happen. The virtual scheduler owns a clock that only moves when a
 * test calls `advance`, so time-outs and simulated agents are deterministic; the real one
 * uses the wall clock and `setTimeout`, for demos.
 */
export interface Scheduler {
  readonly kind: 'virtual' | 'real';
  now(): number;
  /** Runs `action` at `time` (ms since epoch); returns a function that cancels it. */
  at(time: number, action: () => void): () => void;
  /**
   * Virtual: moves the clock forward by `ms`, running every action due on the way in time
   * order and letting their consequences (deliveries, reactions) settle after each one.
   * Real: waits `ms` of wall time.
   */
  advance(ms: number): Promise<void>;
  /** Cancels everything scheduled. */
  dispose(): void;
}

/** Resolves once the microtask queue has drained (a macrotask runs only after it has). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Scheduled {
  time: number;
  order: number;
  action: () => void;
}

export function createVirtualScheduler(startTime: number): Scheduler {
  let now = startTime;
  let order = 0;
  let queue: Scheduled[] = [];
  let disposed = false;

  function nextDue(limit: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const item of queue) {
      if (item.time > limit) continue;
      if (!best || item.time < best.time || (item.time === best.time && item.order < best.order)) best = item;
    }
    return best;
  }

  return {
    kind: 'virtual',
    now: () => now,
    at(time, action) {
      const item: Scheduled = { time: Math.max(time, now), order: order++, action };
      queue.push(item);
      return () => {
        queue = queue.filter((other) => other !== item);
      };
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative number of milliseconds, got ${ms}`);
      const target = now + ms;
      await settle();
      for (let item = nextDue(target); item && !disposed; item = nextDue(target)) {
        queue = queue.filter((other) => other !== item);
        now = item.time;
        item.action();
        await settle();
      }
      now = Math.max(now, target);
      await settle();
    },
    dispose() {
      disposed = true;
      queue = [];
    },
  };
}

export function createRealScheduler(): Scheduler {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  return {
    kind: 'real',
    now: () => Date.now(),
    at(time, action) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, Math.min(2 ** 31 - 1, Math.max(0, time - Date.now())));
      timers.add(timer);
      return () => {
        clearTimeout(timer);
        timers.delete(timer);
      };
    },
    async advance(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      await settle();
    },
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
