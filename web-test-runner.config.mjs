import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome, CHROME_ARGS } from './scripts/find-chrome.mjs';

const executablePath = findChrome();
if (!executablePath) {
  throw new Error('No Chromium found for the browser tests: install Debian\'s "chromium" package or set CHROME_PATH.');
}

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROME_ARGS },
      // Each test file in a window of its own: with concurrency, files sharing one window are
      // background tabs, and a hidden page gets no animation frames (virtualized lists and
      // anything awaiting requestAnimationFrame would stall until its tab came forward).
      createPage: async ({ browser }) => {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        page.once('close', () => void context.close().catch(() => {}));
        return page;
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  // A loaded 2-core machine can take minutes over the whole suite; a hung test still ends the run.
  testsFinishTimeout: 10 * 60 * 1000,
};
