/**
 * Every wait in the WebSocket-transport tests is bounded: a transport bug fails the test
 * within seconds, naming what it was waiting for, instead of hanging the file for minutes.
 *
 * The limit scales with TEST_WAIT_SCALE (e.g. 3 on a loaded CI machine); nothing here is a
 * sleep, so a larger limit costs nothing when the test passes.
 */
const scale = Number(process.env.TEST_WAIT_SCALE) > 0 ? Number(process.env.TEST_WAIT_SCALE) : 1;

/** How long a single wait may take before the test fails: 5 s, times TEST_WAIT_SCALE. */
export function waitLimitMs(baseMs = 5000): number {
  return baseMs * scale;
}

/** `promise`, or a rejection naming `description` once the limit has passed. Leaves no timer behind. */
export function within<T>(description: string, promise: Promise<T>, limitMs = waitLimitMs()): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${limitMs} ms waiting for ${description}`)), limitMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
