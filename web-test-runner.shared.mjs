import { esbuildPlugin } from '@web/dev-server-esbuild';

/** What every browser's run of the component tests shares: the files, how they are compiled, the limits. */
export function sharedConfig() {
  return {
    files: ['src/**/*.test.ts'],
    nodeResolve: { exportConditions: ['browser', 'development'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    testFramework: { config: { timeout: 10000 } },
    // A loaded 2-core machine can take minutes over the whole suite; a hung test still ends the run.
    testsFinishTimeout: 10 * 60 * 1000,
  };
}
