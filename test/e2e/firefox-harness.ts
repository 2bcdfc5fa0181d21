// End-to-end harness for Firefox (Gecko): Debian's firefox-esr, headless, driven by
// puppeteer-core over WebDriver BiDi, one browser per person: Firefox gives keyboard focus to
// one window at a time, and a page without it neither presses a focused button on Enter nor
// matches :focus-within, as nobody's own screen would.
//
// Controls are found by role and accessible name as Firefox itself computes them, with WebDriver
// BiDi's accessibility locator (what puppeteer's `::-p-aria(name[role=…])` selector uses), which
// Firefox answers from its own accessibility tree. Firefox 153 searches only the tree of the node
// it starts from, not the shadow trees inside it, so each query starts from the scope and from
// every shadow root under it. A name Firefox computes differently from Chromium fails here.
// Firefox matches names exactly: queries name whole names.
import puppeteer, { type Browser, type ElementHandle, type KeyInput, type Page } from 'puppeteer-core';
import { BidiElementHandle } from 'puppeteer-core/internal/bidi/ElementHandle.js';
import { DEEP_TEXT, PAGE_LOAD_TIMEOUT_MS, RECORD_ALL_TEXT, STEP_TIMEOUT_MS, eventually } from './harness.js';
// @ts-expect-error: a plain JavaScript module without type declarations
import { findFirefox } from '../../scripts/find-chrome.mjs';
import type { DriverPerson, DriverQuery } from './driver-steps.js';

/** What a control is: here its name is always matched whole (`exact` changes nothing), never as a pattern. */
export type Query = DriverQuery;

type Handle = ElementHandle<Element>;

/*
 * Code run in the page is rebuilt from plain text here: tsx compiles this file with esbuild's
 * keepNames, whose `__name(...)` wrappers would not exist in the page.
 */
const inPage = <F>(source: string): F => new Function(`return (${source});`)() as F;

const deepText = inPage<(element: Element) => string>(DEEP_TEXT);

const isVisible = inPage<(element: Element) => boolean>(
  `(element) => element.isConnected && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'`,
);

/**
 * The trees to search under `scope` (an element, or the document when null): the scope itself
 * and every shadow root below it, in document order. Firefox answers an accessibility locator
 * from the tree of its start node only, not from the shadow trees inside it.
 */
const treesUnder = inPage<(scope: Element | null) => Node[]>(`(scope) => {
  const trees = [scope || document];
  const walk = (root) => {
    if (root.shadowRoot) trees.push(root.shadowRoot), walk(root.shadowRoot);
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        trees.push(element.shadowRoot);
        walk(element.shadowRoot);
      }
    }
  };
  walk(scope || document);
  return trees;
}`);

/** The element that has focus, through shadow roots, or null when it is <body>. */
const deepFocus = inPage<() => Element | null>(`() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
  return element && element !== document.body ? element : null;
}`);

/** A short description of an element for failure messages: its tag and attributes. */
const describeElement = inPage<(element: Element | null) => string>(
  `(element) => element ? element.outerHTML.slice(0, element.outerHTML.indexOf('>') + 1) : '<body>'`,
);

/**
 * What puppeteer's `::-p-aria` selector itself uses on WebDriver BiDi (`ElementHandle.queryAXTree`):
 * BiDi's browsingContext.locateNodes, called here directly because puppeteer passes it one start
 * node where BiDi takes many.
 */
interface BidiFrameInternals {
  browsingContext: { locateNodes(locator: unknown, startNodes: unknown[]): Promise<unknown[]> };
  mainRealm(): unknown;
}

export const describe = (query: Query): string =>
  `${query.within ? `${describe(query.within)} > ` : ''}${query.role}${query.name === undefined ? '' : ` "${query.name}"`}${query.hasText ? ` with "${query.hasText}"` : ''}`;

/** Puppeteer's key names for the keys the Chromium tests name ("Space", "R"). */
const keyOf = (name: string): KeyInput => (name === 'Space' ? ' ' : name.length === 1 ? name.toLowerCase() : name) as KeyInput;

/** A person in their own Firefox: find controls by role and name, click, type, read. */
export class FirefoxPerson implements DriverPerson {
  readonly region: Query;
  /** What the page threw or logged as an error. */
  readonly errors: string[] = [];

  private constructor(
    readonly name: string,
    readonly browser: Browser,
    readonly page: Page,
  ) {
    this.region = { role: 'region', name };
  }

  /** Opens `/?user=<id>` in a Firefox of its own and waits for the person's heading. */
  static async signIn(base: string, userId: string, name: string): Promise<FirefoxPerson> {
    const executablePath = findFirefox() as string | undefined;
    if (!executablePath) throw new Error('No Firefox found: install firefox-esr or set FIREFOX_PATH.');
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      timeout: PAGE_LOAD_TIMEOUT_MS,
      protocolTimeout: PAGE_LOAD_TIMEOUT_MS,
      defaultViewport: { width: 1100, height: 1000 },
    });
    try {
      // A new page, not the tab Firefox starts with: that one never has focus (document.hasFocus()
      // false), so Enter on a button would not press it and :focus-within would never match.
      const page = await browser.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(PAGE_LOAD_TIMEOUT_MS);
      const person = new FirefoxPerson(name, browser, page);
      page.on('pageerror', (error) => person.errors.push(`${name}: ${String((error as Error).message ?? error)}`));
      page.on('console', (message) => {
        if (message.type() === 'error') person.errors.push(`${name}: console error: ${message.text()}`);
      });
      await page.evaluateOnNewDocument(RECORD_ALL_TEXT);
      await page.goto(`${base}/?user=${encodeURIComponent(userId)}`);
      // The first render follows the page's module graph, compiled on first load like the page itself.
      await person.find({ role: 'heading', name, within: person.region }, PAGE_LOAD_TIMEOUT_MS);
      return person;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** The visible matches now, in document order. */
  async queryAll(query: Query): Promise<Handle[]> {
    let scope: Page | Handle = this.page;
    if (query.within) {
      const within = await this.scope(query.within);
      if (!within) return [];
      scope = within;
    }
    const found: Handle[] = [];
    const roots = await (scope === this.page ? this.page.evaluateHandle(treesUnder, null) : (scope as Handle).evaluateHandle(treesUnder));
    const starts = [...(await roots.getProperties()).values()].map((root) => (root as unknown as { remoteValue(): unknown }).remoteValue());
    // One locator for all the trees: through puppeteer's `::-p-aria` each tree would cost a
    // round of its own, and an agent's window has a shadow tree for every message.
    const frame = this.page.mainFrame() as unknown as BidiFrameInternals;
    if (query.name instanceof RegExp) throw new TypeError(`Firefox's accessibility lookup matches whole names, not patterns: ${describe(query)}`);
    const nodes = await frame.browsingContext.locateNodes({ type: 'accessibility', value: { role: query.role, ...(query.name === undefined ? {} : { name: query.name }) } }, starts);
    for (const node of nodes) {
      const handle = BidiElementHandle.from(node as never, frame.mainRealm() as never) as unknown as Handle;
      if (!(await handle.evaluate(isVisible))) continue;
      if (query.hasText && !(await handle.evaluate(deepText)).includes(query.hasText)) continue;
      found.push(handle);
    }
    await roots.dispose();
    return found;
  }

  /**
   * The first visible match of a query used as a scope (`within`), kept while it stays on the
   * page and visible: Firefox takes tens of milliseconds to answer an accessibility locator,
   * and the same region, window and toolbar scope most queries.
   */
  private async scope(query: Query): Promise<Handle | undefined> {
    const key = describe(query);
    const kept = this.scopes.get(key);
    if (kept && (await kept.evaluate(isVisible).catch(() => false))) return kept;
    const found = await this.query(query);
    if (found) this.scopes.set(key, found);
    else this.scopes.delete(key);
    return found;
  }

  private readonly scopes = new Map<string, Handle>();

  /** The first visible match now, or undefined. */
  async query(query: Query): Promise<Handle | undefined> {
    return (await this.queryAll(query))[0];
  }

  /** Waits for the first visible match. */
  async find(query: Query, timeoutMs = STEP_TIMEOUT_MS): Promise<Handle> {
    let found: Handle | undefined;
    await eventually(`${this.name}: ${describe(query)}`, async () => (found = await this.query(query)) !== undefined, timeoutMs);
    return found!;
  }

  async shows(query: Query): Promise<void> {
    await this.find(query);
  }

  async gone(query: Query): Promise<void> {
    await eventually(`${this.name}: ${describe(query)} to disappear`, async () => (await this.query(query)) === undefined);
  }

  /**
   * Clicks the control with the mouse (puppeteer scrolls it into view and clicks its middle).
   * A control re-rendered between finding and clicking is found again: puppeteer refuses a
   * detached or hidden element before it presses anything, so nothing is clicked twice.
   */
  async click(query: Query): Promise<void> {
    await eventually(`${this.name}: click ${describe(query)}`, async () => {
      await (await this.find(query)).click();
      return true;
    });
  }

  /** Focuses a text box, selects what is in it and types `text` over it, key by key. */
  async fill(query: Query, text: string): Promise<void> {
    const box = await this.find(query);
    await box.focus();
    await box.evaluate((element) => (element as HTMLInputElement).select());
    await this.page.keyboard.type(text);
    await eventually(`${this.name}: "${text}" typed in ${describe(query)}`, async () => (await box.evaluate((element) => (element as HTMLInputElement).value)) === text);
  }

  /** Focuses the control, then presses `combination` there. */
  async press(query: Query, combination: string): Promise<void> {
    await (await this.find(query)).focus();
    await this.keyboardPress(combination);
  }

  /** Picks the option labelled `label` in a select (as puppeteer does: selected, then input and change). */
  async selectOption(query: Query, label: string): Promise<void> {
    const select = (await this.find(query)) as ElementHandle<HTMLSelectElement>;
    const value = await select.evaluate((element, wanted) => Array.from(element.options).find((option) => option.label === wanted)?.value, label);
    if (value === undefined) throw new Error(`${this.name}: no option "${label}" in ${describe(query)}`);
    await select.select(value);
  }

  /** The value of a form control. */
  async value(query: Query): Promise<string> {
    return (await this.find(query)).evaluate((element) => (element as HTMLInputElement).value);
  }

  /** The text of the first match (shadow roots included, whitespace folded). */
  async text(query: Query): Promise<string> {
    return (await this.find(query)).evaluate(deepText);
  }

  /** Waits until the first match's text contains `text`. */
  async waitForText(query: Query, text: string): Promise<void> {
    await eventually(`"${text}" in ${this.name}'s ${describe(query)}`, async () => {
      const found = await this.query(query);
      return found !== undefined && (await found.evaluate(deepText)).includes(text);
    });
  }

  /** Every text put on the page since it loaded, and the errors the page threw since the last call. */
  async record(): Promise<{ everShown: string[]; errors: string[] }> {
    return { everShown: await this.everShown(), errors: this.errors.splice(0) };
  }

  /** Every text put on the page since it loaded (RECORD_ALL_TEXT). */
  async everShown(): Promise<string[]> {
    return (await this.page.evaluate('window.__everShown')) as string[];
  }

  // -------------------------------------------------------------------------
  // The keyboard

  /** Presses a key where focus is, with modifiers written as the Chromium tests write them ("Shift+Tab", "Alt+Shift+R"). */
  async keyboardPress(combination: string): Promise<void> {
    const keys = combination.split('+').map(keyOf);
    const key = keys.pop()!;
    for (const modifier of keys) await this.page.keyboard.down(modifier);
    await this.page.keyboard.press(key);
    for (const modifier of keys.reverse()) await this.page.keyboard.up(modifier);
  }

  /** Types `text` where focus is, one key after the other. */
  async keyboardType(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** Whether focus (through shadow roots) is on a visible match of `query`. */
  async hasFocus(query: Query): Promise<boolean> {
    const focused = await this.page.evaluateHandle(deepFocus);
    try {
      for (const candidate of await this.queryAll(query)) {
        if (await this.page.evaluate((a, b) => a === b, focused, candidate)) return true;
      }
      return false;
    } finally {
      await focused.dispose();
    }
  }

  /** Waits until focus is on `query`; the failure says where focus is instead. */
  async focusIs(query: Query, step: string): Promise<void> {
    await eventually(`${this.name}: focus on ${describe(query)} after ${step}`, () => this.hasFocus(query)).catch(async (error: Error) => {
      throw new Error(`${error.message}; focus is on ${await this.page.evaluate(describeElement, await this.page.evaluateHandle(deepFocus)).catch(() => '?')}`);
    });
  }

  /** Presses `key` until focus is on `target` (at most `limit` presses): reachable by keyboard. */
  async pressUntil(key: string, target: Query, limit = 40): Promise<number> {
    for (let n = 1; n <= limit; n++) {
      await this.keyboardPress(key);
      if (await this.hasFocus(target)) return n;
    }
    throw new Error(`${this.name}: ${limit} × ${key} never reached ${describe(target)}`);
  }
}
