// Waits for browser tests. Every wait polls a condition the user would notice and fails
// naming it; the limits are generous because a passing wait returns as soon as its
// condition holds, so a long limit only matters on a loaded machine, where a fixed 1 s
// (open-wc's default) or 10 s turned slowness into failures.
import { waitUntil } from '@open-wc/testing';

/**
 * Multiplies every limit: a host page (or the test runner's HTML) may set
 * `globalThis.TEST_WAIT_SCALE` for a slow machine.
 */
const scale = (() => {
  const value = Number((globalThis as { TEST_WAIT_SCALE?: unknown }).TEST_WAIT_SCALE);
  return value > 0 ? value : 1;
})();

/**
 * The longest one condition may take to come true: under the runner's 10 s per test, so a
 * failure names the condition rather than "Timeout of 10000ms exceeded". Tests that run
 * long (LONG_TEST_MS) may pass a longer `timeout`.
 */
export const WAIT_MS = 8_000 * scale;

/** A mocha time-out for a test that builds something large (10,000s of entries or targets) or plays a whole lesson. */
export const LONG_TEST_MS = 120_000 * scale;

/** Resolves once `condition` holds; fails with `what` after WAIT_MS (or `timeout`). */
export function until(condition: () => unknown, what?: string, options: { timeout?: number; interval?: number } = {}): Promise<void> {
  return waitUntil(condition, what, { interval: 20, ...options, timeout: options.timeout ?? WAIT_MS });
}
