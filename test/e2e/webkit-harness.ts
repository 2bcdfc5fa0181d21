// End-to-end harness for WebKit (Safari's engine): WebKitGTK's MiniBrowser, one per person,
// each driven by its own WebKitWebDriver (it holds one session at a time) over classic
// WebDriver with webdriverio, each on a private Xvfb display of its own (scripts/webkit-driver.mjs):
// with no window manager, one display gives keyboard focus to one window only, and the pages of
// the others would not have focus (document.hasFocus() false, :focus-within never matching),
// as no person's own screen would be.
// Playwright drives only its own patched WebKit builds, which cannot be downloaded here.
//
// Controls are found the way the Chromium harness finds them, by role and accessible name,
// but the role and the name are WebKit's own (WebDriver's computed role and label), so a
// name WebKit computes differently from Chromium fails here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Key, remote } from 'webdriverio';
import type { DriverPerson, DriverQuery } from './driver-steps.js';
import { DEEP_TEXT, PAGE_LOAD_TIMEOUT_MS, RECORD_ALL_TEXT, STEP_TIMEOUT_MS, eventually } from './harness.js';
// @ts-expect-error: a plain JavaScript module without type declarations
import { startDisplay, startDriver } from '../../scripts/webkit-driver.mjs';

type Browser = WebdriverIO.Browser;

/**
 * The WebDriver id of an element a script returned. webdriverio turns the standard reference
 * into one of its element objects; WebKitGTK 2.50 names an element in a shadow tree under
 * "element-6066-11e4-a52e-4f735466cecf", which webdriverio passes through as it is.
 */
const idOf = (returned: unknown): string => {
  const object = (returned ?? {}) as Record<string, unknown>;
  const id = object.elementId ?? Object.entries(object).find(([key]) => key.startsWith('element-6066-11e4-'))?.[1];
  if (typeof id !== 'string') throw new Error(`A script returned ${JSON.stringify(returned)} where an element was expected`);
  return id;
};

/** An element found: its id for WebDriver's commands, and the reference as WebKit gave it, to hand back to scripts. */
interface Found {
  id: string;
  reference: unknown;
}

interface Display {
  name: string;
  stop(): Promise<void>;
}

/** What a control is: its role, its accessible name (a substring, or `exact`, or a pattern), where it is. */
export type Query = DriverQuery;

/**
 * The elements that could have each role, by their markup; WebKit's computed role then decides.
 * A role missing here fails loudly rather than finding nothing.
 */
const CANDIDATES: Record<string, string> = {
  region: 'section, [role=region]',
  heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
  button: 'button, [role=button], input[type=button], input[type=submit]',
  textbox: 'input:not([type]), input[type=text], input[type=search], textarea, [role=textbox]',
  log: '[role=log]',
  article: 'article, [role=article]',
  toolbar: '[role=toolbar]',
  dialog: 'dialog, [role=dialog]',
  combobox: 'select, [role=combobox], input[list]',
  menu: '[role=menu]',
  menuitem: '[role=menuitem]',
  list: 'ul, ol, [role=list]',
  listitem: 'li, [role=listitem]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
  status: '[role=status], output',
  group: 'fieldset, [role=group]',
  option: 'option, [role=option]',
};

/** The visible elements under `arguments[0]` (or the document) matching a selector, shadow roots included, in document order. */
const VISIBLE_MATCHES = `
  const [scope, selector] = arguments;
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector) && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden') found.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(scope ? (scope.shadowRoot ?? scope) : document);
  if (scope && scope.shadowRoot) walk(scope);
  return found;`;

const TEXT_OF = `return (${DEEP_TEXT})(arguments[0]);`;

/** The element that has focus, through shadow roots, or null when it is <body>. */
const FOCUSED = `
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
  return element && element !== document.body ? element : null;`;

/** The element that has focus when it is one of VISIBLE_MATCHES (same arguments), or null. */
const FOCUSED_AMONG_MATCHES = `
  const found = (function () { ${VISIBLE_MATCHES} }).apply(null, arguments);
  const focused = (function () { ${FOCUSED} })();
  return focused && found.includes(focused) ? focused : null;`;

/** A key as the Chromium tests name it ("Enter", "Space", "R") in WebDriver's terms. */
function webDriverKey(name: string): string {
  if (name.length === 1) return name;
  const key = (Key as Record<string, string>)[name];
  if (!key || name === 'Ctrl') throw new Error(`No WebDriver key for "${name}"`);
  return key;
}

/**
 * Records from now on every text put on the page (shadow roots too), so a test can say that
 * something never appeared. Classic WebDriver cannot run a script before the page's own, so
 * this starts once the person is signed in, before any chat exists.
 */
const RECORD_TEXT_FROM_NOW = `
  ${RECORD_ALL_TEXT}
  window.__pageErrors = [];
  addEventListener('error', (event) => window.__pageErrors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => window.__pageErrors.push(String(event.reason)));`;

const nameMatches = (wanted: Query['name'], exact: boolean | undefined, label: string): boolean => {
  if (wanted === undefined) return true;
  if (wanted instanceof RegExp) return wanted.test(label);
  return exact ? label === wanted : label.toLowerCase().includes(wanted.toLowerCase());
};

const describe = (query: Query): string =>
  `${query.within ? `${describe(query.within)} > ` : ''}${query.role}${query.name === undefined ? '' : ` "${String(query.name)}"`}${query.hasText ? ` with "${query.hasText}"` : ''}`;

let axeSource: string | undefined;

/** A person in their own WebKit: find controls by role and name, click, type, read. */
export class WebKitPerson implements DriverPerson {
  readonly region: Query;

  private constructor(
    readonly name: string,
    readonly browser: Browser,
    private readonly stopAll: () => Promise<void>,
  ) {
    this.region = { role: 'region', name, exact: true };
  }

  /** Opens `/?user=<id>` in a browser (and display) of its own and waits for the person's heading. */
  static signIn(base: string, userId: string, name: string): Promise<WebKitPerson> {
    return WebKitPerson.open(`${base}/?user=${encodeURIComponent(userId)}`, name);
  }

  /** Opens `url` in a browser (and display) of its own and waits for the heading of the region named `name`. */
  static async open(url: string, name: string): Promise<WebKitPerson> {
    const display = (await startDisplay()) as Display;
    let driver: { options: Parameters<typeof remote>[0]; stop(): Promise<void> } | undefined;
    let browser: Browser | undefined;
    const stopAll = async () => {
      await browser?.deleteSession().catch(() => {});
      await driver?.stop();
      await display.stop();
    };
    try {
      driver = await startDriver(display);
      // Silent: a failed lookup is retried, and the step that finally fails says why.
      browser = await remote({ ...driver!.options, logLevel: 'silent' });
      await browser.setTimeout({ pageLoad: PAGE_LOAD_TIMEOUT_MS, script: STEP_TIMEOUT_MS });
      await browser.setWindowSize(1100, 1000);
      const person = new WebKitPerson(name, browser, stopAll);
      await browser.url(url);
      // The first render follows the page's module graph, compiled on first load like the page itself.
      await person.find({ role: 'heading', name, exact: true, within: person.region }, PAGE_LOAD_TIMEOUT_MS);
      await browser.execute(RECORD_TEXT_FROM_NOW);
      return person;
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  /** Another person's region on the same page (the side-by-side demo); closing it closes nothing. */
  beside(name: string): WebKitPerson {
    return new WebKitPerson(name, this.browser, async () => {});
  }

  async close(): Promise<void> {
    await this.stopAll();
  }

  /** The first visible match now, or undefined. */
  async query(query: Query): Promise<Found | undefined> {
    const matching = await this.matching(query);
    if (!matching) return undefined;
    const candidates = (await this.browser.execute(VISIBLE_MATCHES, ...matching)) as unknown as unknown[];
    for (const reference of candidates) {
      const found = { id: idOf(reference), reference };
      if (await this.matches(found, query)) return found;
    }
    return undefined;
  }

  /** What VISIBLE_MATCHES takes for `query`: its scope (null: the document) and its markup; undefined when the scope is not there. */
  private async matching(query: Query): Promise<[unknown, string] | undefined> {
    const selector = CANDIDATES[query.role];
    if (!selector) throw new Error(`webkit-harness knows no markup for the role "${query.role}"`);
    if (!query.within) return [null, selector];
    const scope = await this.query(query.within);
    return scope ? [scope.reference, selector] : undefined;
  }

  /** Whether an element found by its markup has the query's name, WebKit role and text. */
  private async matches(found: Found, query: Query): Promise<boolean> {
    if (!nameMatches(query.name, query.exact, (await this.browser.getElementComputedLabel(found.id)).trim())) return false;
    if (!(await this.hasRole(found, query.role))) return false;
    return !query.hasText || (await this.textOf(found)).includes(query.hasText);
  }

  private async hasRole(found: Found, role: string): Promise<boolean> {
    return (await this.roleOf(found)) === role;
  }

  private async roleOf(found: Found): Promise<string> {
    const computed = await this.browser.getElementComputedRole(found.id);
    // WebKit exposes a one-line <select> as a pop-up button, as Safari always has, where
    // HTML-AAM (and Chromium, Firefox, Playwright) say combobox: the same control.
    if (computed === 'button' && (await this.browser.getElementTagName(found.id)).toLowerCase() === 'select') return 'combobox';
    return computed;
  }

  /** What has focus, as WebKit names it: "role: name" (e.g. "textbox: Message"), or "body". */
  async focused(): Promise<string> {
    const reference = (await this.browser.execute(FOCUSED)) as unknown;
    if (!reference) return 'body';
    const found = { id: idOf(reference), reference };
    const name = (await this.browser.getElementComputedLabel(found.id)).replace(/\s+/g, ' ').trim();
    return `${await this.roleOf(found)}: ${name}`;
  }

  /** Whether focus (through shadow roots) is on a visible match of `query`. */
  async hasFocus(query: Query): Promise<boolean> {
    const matching = await this.matching(query);
    if (!matching) return false;
    const reference = (await this.browser.execute(FOCUSED_AMONG_MATCHES, ...matching)) as unknown;
    return Boolean(reference) && this.matches({ id: idOf(reference), reference }, query);
  }

  /** Waits until focus is on `query`; the failure says where focus is instead ("role: name"). */
  async focusIs(query: Query, step: string): Promise<void> {
    await eventually(`${this.name}: focus on ${describe(query)} after ${step}`, () => this.hasFocus(query)).catch(async (error: Error) => {
      throw new Error(`${error.message}; focus is on "${await this.focused().catch(() => '?')}"`);
    });
  }

  /**
   * Presses a key where focus is, with modifiers written as the Chromium tests write them
   * ("Shift+Tab", "Alt+Shift+R"): every key goes down in order, then up in reverse.
   */
  async keyboardPress(combination: string): Promise<void> {
    const keys = combination.split('+').map(webDriverKey);
    await this.browser.performActions([
      { type: 'key', id: 'keyboard', actions: [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))] },
    ]);
  }

  /** Types `text` where focus is, one key after the other. */
  async keyboardType(text: string): Promise<void> {
    await this.browser.performActions([{ type: 'key', id: 'keyboard', actions: [...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]) }]);
  }

  /** Presses `key` until focus is on `target` (at most `limit` presses): reachable by keyboard. */
  async pressUntil(key: string, target: Query, limit = 40): Promise<number> {
    for (let n = 1; n <= limit; n++) {
      await this.keyboardPress(key);
      if (await this.hasFocus(target)) return n;
    }
    throw new Error(`${this.name}: ${limit} × ${key} never reached ${describe(target)}`);
  }

  /** The value of a form control. */
  async value(query: Query): Promise<string> {
    return (await this.browser.execute('return arguments[0].value', (await this.find(query)).reference)) as unknown as string;
  }

  /**
   * The visible controls WebKit itself gives no accessible name (as "role <tag>"): axe computes
   * names in JavaScript, so this is the check of what Safari's screen reader is told.
   */
  async unnamedControls(): Promise<string[]> {
    const controls = (await this.browser.execute(
      VISIBLE_MATCHES,
      null,
      'button, input:not([type=hidden]), select, textarea, a[href], [role=button], [role=checkbox], [role=radio], [role=combobox], [role=menuitem], [role=option], [role=tab], [role=switch], [role=textbox], [role=link]',
    )) as unknown as unknown[];
    const unnamed: string[] = [];
    for (const reference of controls) {
      const found = { id: idOf(reference), reference };
      if ((await this.browser.getElementComputedLabel(found.id)).trim()) continue;
      unnamed.push(`${await this.roleOf(found)} <${(await this.browser.getElementTagName(found.id)).toLowerCase()}> "${(await this.textOf(found)).trim().slice(0, 40)}"`);
    }
    return unnamed;
  }

  /** What axe-core finds wrong on the page as it is now (rule id, how many, where), shadow roots included. */
  async axeViolations(): Promise<string[]> {
    axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // Run as the body of WebDriver's script, not eval'd: the pages' CSP (script-src 'self') refuses eval.
    await this.browser.execute(`${axeSource}; window.axe = axe;`);
    return (await this.browser.execute(
      `return axe.run(document).then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' > ')).join(' | ')))`,
    )) as unknown as string[];
  }

  /** Waits for the first visible match. */
  async find(query: Query, timeoutMs = STEP_TIMEOUT_MS): Promise<Found> {
    let found: Found | undefined;
    await eventually(`${this.name}: ${describe(query)}`, async () => (found = await this.query(query)) !== undefined, timeoutMs);
    return found!;
  }

  async shows(query: Query): Promise<void> {
    await this.find(query);
  }

  async gone(query: Query): Promise<void> {
    await eventually(`${this.name}: ${describe(query)} to disappear`, async () => (await this.query(query)) === undefined);
  }

  /** WebDriver's Element Click: scrolled into view, and refused when something else covers the control. */
  async click(query: Query): Promise<void> {
    await this.browser.elementClick((await this.find(query)).id);
  }

  /** Empties a text box and types `text` into it, key by key. */
  async fill(query: Query, text: string): Promise<void> {
    const { id } = await this.find(query);
    await this.browser.elementClear(id);
    await this.browser.elementSendKeys(id, text);
  }

  /** Presses a key named as the Chromium tests name it ("Enter") in the control. */
  async press(query: Query, key: string): Promise<void> {
    await this.browser.elementSendKeys((await this.find(query)).id, webDriverKey(key));
  }

  /** Picks the option labelled `label` in a select. */
  async selectOption(query: Query, label: string): Promise<void> {
    const select = await this.find(query);
    const option = (await this.browser.execute(
      'return Array.from(arguments[0].options).find((option) => option.label === arguments[1]) ?? null',
      select.reference,
      label,
    )) as unknown;
    if (!option) throw new Error(`${this.name}: no option "${label}" in ${describe(query)}`);
    await this.browser.elementClick(idOf(option));
  }

  private async textOf(found: Found): Promise<string> {
    return (await this.browser.execute(TEXT_OF, found.reference)) as unknown as string;
  }

  /** The text of the first match (shadow roots included, whitespace folded). */
  async text(query: Query): Promise<string> {
    return this.textOf(await this.find(query));
  }

  /** Waits until the first match's text contains `text`. */
  async waitForText(query: Query, text: string): Promise<void> {
    await eventually(`"${text}" in ${this.name}'s ${describe(query)}`, async () => {
      const found = await this.query(query);
      return found !== undefined && (await this.textOf(found)).includes(text);
    });
  }

  /** Every text put on the page since sign-in. */
  async everShown(): Promise<string[]> {
    return (await this.record()).everShown;
  }

  /** Every text put on the page since sign-in, and the errors the page threw since then. */
  async record(): Promise<{ everShown: string[]; errors: string[] }> {
    return (await this.browser.execute('return { everShown: window.__everShown, errors: window.__pageErrors }')) as unknown as {
      everShown: string[];
      errors: string[];
    };
  }
}
