import { webkitLauncher } from './scripts/webkit-launcher.mjs';
import { sharedConfig } from './web-test-runner.shared.mjs';

/*
 * The component tests in WebKit (Safari's engine): WebKitGTK's MiniBrowser on a private Xvfb
 * display, driven over classic WebDriver by WebKitWebDriver (scripts/webkit-launcher.mjs).
 *   npx web-test-runner --config web-test-runner.webkit.config.mjs [files] --static-logging
 * One file at a time: with one session per run, @web/test-runner-webdriver loads each file in
 * the top-level window itself (with more, each in an iframe of one window, where keyboard,
 * mouse and focus would not reach a test that needs them).
 */
export default {
  ...sharedConfig(),
  browsers: [webkitLauncher()],
  concurrency: 1,
};
