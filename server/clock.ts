/**
 * The server's sense of time: `now()` for the engine, tokens and rate limits, and timers
 * for deadlines, the hello time-out and heartbeats. Injected so tests can move time by hand.
 */
export interface ServerClock {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** Node's timers cap a delay at 2^31-1 ms; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: ServerClock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // A pending deadline or heartbeat must not keep a closed server's process alive.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

export interface ManualClock extends ServerClock {
  /** Moves time on by `ms`, running every timer that falls due, in time order. */
  advance(ms: number): void;
}

/** A clock that only moves when told to (tests). */
export function createManualClock(start = Date.UTC(2025, 3, 7, 18, 29, 0)): ManualClock {
  let current = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => current,
    setTimer(callback, ms) {
      const id = ++nextId;
      timers.set(id, { at: current + Math.max(0, ms), callback });
      return () => void timers.delete(id);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('A manual clock only moves forward.');
      const end = current + ms;
      for (;;) {
        let dueId: number | undefined;
        let due: { at: number; callback: () => void } | undefined;
        for (const [id, timer] of timers) {
          if (timer.at <= end && (!due || timer.at < due.at || (timer.at === due.at && id < dueId!))) {
            dueId = id;
            due = timer;
          }
        }
        if (!due || dueId === undefined) break;
        timers.delete(dueId);
        current = Math.max(current, due.at);
        due.callback();
      }
      current = end;
    },
  };
}
