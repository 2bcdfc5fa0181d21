// End-to-end harness: the real chat server with the demo pages mounted (as `npm start`
// runs it) on a free loopback port with a temporary data directory, one system Chromium,
// and a browser context per person. Everything is found by role and accessible name
// (Playwright's role selectors pierce shadow roots).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createChatServer, silentLogger } from '../../server/index.js';
import { mountDemoPages } from '../../server/pages.js';
import type { EngineConfig } from '../../src/engine/types.js';
// @ts-expect-error: a plain JavaScript module without type declarations
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

/** Scales every limit below, e.g. TEST_WAIT_SCALE=3 on a loaded machine; waits poll, so a larger limit costs nothing on success. */
const SCALE = Number(process.env.TEST_WAIT_SCALE) > 0 ? Number(process.env.TEST_WAIT_SCALE) : 1;

/** The longest any single step may take before the test fails. */
export const STEP_TIMEOUT_MS = 10_000 * SCALE;

/**
 * The longest a page load may take: the first load of a demo page waits for the Vite dev
 * server to compile it, which takes far longer than a step when the machine is busy.
 */
export const PAGE_LOAD_TIMEOUT_MS = 90_000 * SCALE;

/** A page's limits: steps fail after STEP_TIMEOUT_MS, navigations after PAGE_LOAD_TIMEOUT_MS. */
export function setLimits(page: Page): void {
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(PAGE_LOAD_TIMEOUT_MS);
}

const demoRoot = fileURLToPath(new URL('../../demo/', import.meta.url));

export interface DemoServer {
  url: string;
  /**
   * Stops the chat server gracefully (clients are told to resume), runs `whileDown`, then
   * starts it again on the same port, data directory and secret: the same epoch, so the
   * pages resume their streams.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The chat server with the demo pages, on a free loopback port with a fresh data directory. */
export async function startDemoServer(config: Partial<EngineConfig> = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-e2e-'));
  const secret = randomBytes(24).toString('base64url');
  const start = async (port = 0) => {
    const server = await createChatServer({ secret, port, dataDir, demoTokens: true, logger: silentLogger, config });
    try {
      const pages = await mountDemoPages(server, { root: demoRoot, watch: false });
      return { server, pages };
    } catch (error) {
      await server.close();
      throw error;
    }
  };
  let running = await start();
  const port = running.server.port;
  const stop = async () => {
    await running.server.close();
    await running.pages.close();
  };
  return {
    url: running.server.url,
    async restart(whileDown) {
      await stop();
      await whileDown?.();
      running = await start(port);
    },
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChrome() as string | undefined;
  if (!executablePath) throw new Error('No Chromium found: install chromium or set CHROME_PATH.');
  return chromium.launch({ executablePath, args: CHROME_ARGS as string[] });
}

/** Fails a test with what the page said when the page itself fails. */
function watchErrors(page: Page, who: string, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${who}: console error: ${message.text()}`);
  });
}

/*
 * Code that runs in the page is kept as plain JavaScript text: tsx compiles this file with
 * esbuild's keepNames, whose `__name(...)` wrappers do not exist in the page.
 */

/**
 * Records every piece of text that is ever put on the page, inside shadow roots too, so a
 * test can say that something never appeared (not merely that it is gone now).
 */
export const RECORD_ALL_TEXT = `(() => {
  const seen = [];
  window.__everShown = seen;
  const note = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = (node.textContent || '').trim();
      if (text) seen.push(text);
      return;
    }
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLScriptElement || node instanceof HTMLStyleElement) return;
    for (const child of Array.from(node.childNodes || [])) note(child);
    if (node.shadowRoot) note(node.shadowRoot);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData' && !(record.target.parentElement instanceof HTMLScriptElement)) note(record.target);
      for (const added of Array.from(record.addedNodes)) note(added);
    }
  });
  // Shadow roots already there too: WebKit's harness can only start recording after sign-in.
  const watch = (root) => {
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) watch(element.shadowRoot);
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    watch(root);
    return root;
  };
  watch(document);
})();`;

/** The text under an element, shadow roots included, whitespace folded. */
export const DEEP_TEXT = `(element) => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent || '');
    if (node instanceof HTMLScriptElement || node instanceof HTMLStyleElement) return;
    for (const child of Array.from(node.childNodes)) walk(child);
    if (node.shadowRoot) walk(node.shadowRoot);
  };
  walk(element);
  return parts.join(' ').replace(/\\s+/g, ' ');
}`;

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  /** The person's own part of the page: the region named after them. */
  region: Locator;
}

/** A person signed in over the network: their own browser context, `/?user=<id>`. */
export async function signIn(browser: Browser, base: string, userId: string, name: string, errors: string[]): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  const page = await context.newPage();
  setLimits(page);
  watchErrors(page, name, errors);
  await page.addInitScript({ content: RECORD_ALL_TEXT });
  await page.goto(`${base}/?user=${encodeURIComponent(userId)}`);
  const region = page.getByRole('region', { name, exact: true });
  // The first render follows the page's module graph, compiled on first load like the page itself.
  await region.getByRole('heading', { name, exact: true }).waitFor({ timeout: PAGE_LOAD_TIMEOUT_MS });
  return { name, context, page, region };
}

/** Waits until `check` answers true, polling; fails with `what` after the step timeout. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for the locator to be visible. */
export async function shows(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

/** Waits for the locator to match nothing visible. */
export async function gone(locator: Locator): Promise<void> {
  await eventually(`${locator} to disappear`, async () => (await locator.count()) === 0 || !(await locator.first().isVisible()));
}

/** The text of a log (a transcript), shadow roots included. */
export async function logText(log: Locator): Promise<string> {
  return log.evaluate((element, source) => (0, eval)(source)(element) as string, DEEP_TEXT);
}

/** Waits until the log contains `text`. */
export async function logShows(log: Locator, text: string): Promise<void> {
  await eventually(`"${text}" in ${log}`, async () => (await logText(log)).includes(text));
}

/** All text now on the page, shadow roots included. */
export async function pageText(page: Page): Promise<string> {
  return logText(page.locator('body'));
}

/** Every text ever shown on the page since it loaded. */
export async function everShown(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__everShown')) as string[];
}

let axeSource: string | undefined;

/** What axe-core finds wrong on the page as it is now (rule id, how many, where), shadow roots included. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated rather than added as an inline <script>: the pages' Content-Security-Policy
  // (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(axeSource);
  return (await page.evaluate(
    `axe.run(document).then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' > ')).join(' | ')))`,
  )) as string[];
}
