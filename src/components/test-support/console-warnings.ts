/**
 * Records what `console.warn` is given in each test of the calling `describe` (one string per
 * call, its arguments joined), and puts `console.warn` back after each test. Call it in the
 * `describe` body; the array is emptied before each test.
 */
export function recordConsoleWarnings(): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  beforeEach(() => {
    warnings.length = 0;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = warn;
  });
  return warnings;
}
