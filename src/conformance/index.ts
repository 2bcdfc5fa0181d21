/**
 * The transport conformance suite. A vendor calls `runConformance` with a factory for
 * their transport; it runs the seed lessons, the invitation outcomes, resume and the error
 * cases through the `Transport` interface only, in the vendor's own test runner.
 */
import { ConformanceError, within } from './assert.js';
import { ScenarioRun } from './run.js';
import { SCENARIOS, type Scenario, type ScenarioSettings } from './scenarios.js';
import type { ConformanceOptions, ConformanceReport, ConformanceResult } from './types.js';

export { ConformanceError } from './assert.js';
export { EventCollector } from './collector.js';
export { CONFORMANCE_CAPABILITIES, MAX_FRAME_BYTES } from './types.js';
export type {
  ConformanceCapability,
  ConformanceContext,
  ConformanceHarness,
  ConformanceOptions,
  ConformanceReport,
  ConformanceResult,
  DescribeFn,
  ItFn,
} from './types.js';

/** The names of the scenarios the given capabilities select, in run order. */
export function conformanceScenarios(capabilities: ConformanceOptions['capabilities']): string[] {
  return SCENARIOS.filter((s) => !s.needs || capabilities.includes(s.needs)).map((s) => s.name);
}

async function runScenario(scenario: Scenario, options: ConformanceOptions, settings: ScenarioSettings): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  try {
    const harness = await within(options.createTransport({ scenario: scenario.name }), timeoutMs, 'createTransport()');
    const run = new ScenarioRun(harness, timeoutMs);
    try {
      await scenario.run(run, settings);
    } catch (error) {
      const violations = run.violations();
      if (violations.length === 0 || !(error instanceof Error) || error.message.startsWith('stream order broken')) throw error;
      throw new ConformanceError(`stream order broken: ${violations.join('; ')}; then: ${error.message}`);
    } finally {
      await run.close();
      await within(harness.cleanup(), timeoutMs, "the harness's cleanup()");
    }
  } catch (error) {
    // Named, so a failure reads on its own in any runner's output.
    if (error instanceof ConformanceError) throw new ConformanceError(`scenario "${scenario.name}": ${error.message}`);
    throw error;
  }
}

/**
 * With `describe` and `it`, registers one test per scenario (call it at a test file's top
 * level) and resolves at once with nothing run. Without them, runs every scenario in turn
 * and resolves with the report; it never rejects for a failing scenario.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const settings: ScenarioSettings = {
    queueId: options.queueId ?? 'q-support',
    routingPointId: options.routingPointId ?? 'rp-support',
  };
  const selected = SCENARIOS.filter((s) => !s.needs || options.capabilities.includes(s.needs));
  const skipped = SCENARIOS.filter((s) => !selected.includes(s)).map((s) => s.name);
  const { describe, it } = options;
  if (describe && it) {
    describe(`transport conformance: ${options.name}`, () => {
      for (const scenario of selected) it(scenario.name, () => runScenario(scenario, options, settings));
    });
    return { passed: 0, failed: 0, skipped, results: [] };
  }
  const results: ConformanceResult[] = [];
  for (const scenario of selected) {
    try {
      await runScenario(scenario, options, settings);
      results.push({ name: scenario.name, ok: true });
    } catch (error) {
      const message =
        error instanceof ConformanceError || error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ name: scenario.name, ok: false, error: message });
    }
  }
  return {
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    skipped,
    results,
  };
}
