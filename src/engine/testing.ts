/** Deterministic stand-ins for the engine's injected clock and id source (tests, demos, stories). */

export interface TestClock {
  now(): number;
  advance(ms: number): number;
  set(ms: number): number;
}

/** A virtual clock that only moves when told to. */
export function createTestClock(start = 0): TestClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      if (!(ms >= 0)) throw new RangeError('A test clock only moves forward.');
      return (current += ms);
    },
    set(ms: number) {
      if (ms < current) throw new RangeError('A test clock only moves forward.');
      return (current = ms);
    },
  };
}

/** Ids `${prefix}1`, `${prefix}2`, … */
export function sequentialIds(prefix = 'id-'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
