import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteerCore from 'puppeteer-core';
import { findChrome, findFirefox, CHROME_ARGS } from './scripts/find-chrome.mjs';
import { sharedConfig } from './web-test-runner.shared.mjs';

/*
 * The component tests run in Chromium (over the DevTools protocol) and in Firefox (Debian's
 * firefox-esr, over WebDriver BiDi), both through puppeteer-core and the system's browsers.
 * WTR_BROWSERS=chromium or WTR_BROWSERS=firefox runs one of them. WebKit has a config of its own,
 * web-test-runner.webkit.config.mjs, run as a separate step: its driver takes one file at a time.
 */
const wanted = (process.env.WTR_BROWSERS ?? 'chromium,firefox').split(',').map((name) => name.trim());

/** Each test file in a window of its own: a background tab gets no animation frames. */
async function ownWindow({ browser }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.once('close', () => void context.close().catch(() => {}));
  return page;
}

const browsers = [];
if (wanted.includes('chromium')) {
  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chromium found for the browser tests: install Debian\'s "chromium" package or set CHROME_PATH.');
  browsers.push(
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROME_ARGS },
      // With concurrency, files sharing one window are background tabs, and a hidden page
      // gets no animation frames (virtualized lists and anything awaiting
      // requestAnimationFrame would stall until its tab came forward).
      createPage: ownWindow,
    }),
  );
}
if (wanted.includes('firefox')) {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error('No Firefox found for the browser tests: install Debian\'s "firefox-esr" package or set FIREFOX_PATH.');
  browsers.push(
    chromeLauncher({
      puppeteer: puppeteerCore,
      // One file at a time: Firefox gives keyboard focus to one window only, and the focus and
      // keyboard tests of a file in a second window would fail.
      concurrency: 1,
      launchOptions: { browser: 'firefox', executablePath, headless: true },
      createPage: async (args) => {
        const page = await ownWindow(args);
        // Tests press keys by their DOM `code` name ("Space"); puppeteer's BiDi keyboard knows
        // the space bar only as " ".
        const keyboard = page.keyboard;
        for (const method of ['press', 'down', 'up']) {
          const original = keyboard[method].bind(keyboard);
          keyboard[method] = (key, options) => original(key === 'Space' ? ' ' : key, options);
        }
        return page;
      },
    }),
  );
}
if (browsers.length === 0) throw new Error(`WTR_BROWSERS="${process.env.WTR_BROWSERS}" names no known browser (chromium, firefox).`);

export default {
  ...sharedConfig(),
  browsers,
  concurrency: 2,
};
