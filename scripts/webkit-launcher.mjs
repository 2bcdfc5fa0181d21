// A web-test-runner launcher for WebKitGTK: @web/test-runner-webdriver's launcher, plus the
// Xvfb display and WebKitWebDriver it needs (scripts/webkit-driver.mjs), plus a keyboard that
// presses keys the way the Chromium and Firefox runs do.
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { Key } from 'webdriverio';
import { startWebKitDriver } from './webkit-driver.mjs';

/**
 * The WebDriver key for a key name as the tests write it (puppeteer's names: "Enter",
 * "ArrowDown", "Shift", or a DOM `code` such as "KeyR", "Digit2", "Space"), or the character itself.
 */
function webDriverKey(name) {
  if (name.length === 1) return name;
  if (Object.hasOwn(Key, name) && name !== 'Ctrl') return Key[name];
  const letter = /^Key([A-Z])$/.exec(name);
  if (letter) return letter[1].toLowerCase();
  const digit = /^Digit(\d)$/.exec(name);
  if (digit) return digit[1];
  throw new Error(`No WebDriver key for "${name}".`);
}

/**
 * The `send-keys` command for WebKit sessions. The built-in plugin sends a WebDriver launcher's
 * `type` as one chord (every key down, then every key up, so "Hello" loses a letter) and
 * refuses `down`/`up` (Shift+Tab). Here each key goes down and up in turn, and `down`/`up`
 * hold a key across commands (WebDriver keeps the input state of a session between actions).
 */
function keyboardPlugin(launcher) {
  return {
    name: 'webkit-send-keys',
    async executeCommand({ command, payload, session }) {
      if (command !== 'send-keys' || session.browser !== launcher) return undefined;
      const actions = [];
      if (typeof payload?.type === 'string') {
        for (const character of payload.type) actions.push({ type: 'keyDown', value: character }, { type: 'keyUp', value: character });
      } else if (typeof payload?.press === 'string') {
        const key = webDriverKey(payload.press);
        actions.push({ type: 'keyDown', value: key }, { type: 'keyUp', value: key });
      } else if (typeof payload?.down === 'string') {
        actions.push({ type: 'keyDown', value: webDriverKey(payload.down) });
      } else if (typeof payload?.up === 'string') {
        actions.push({ type: 'keyUp', value: webDriverKey(payload.up) });
      } else {
        throw new Error('send-keys takes one of type, press, down or up.');
      }
      await launcher.driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
      return true;
    },
  };
}

export class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    // The session options are known once the driver is up, in initialize().
    super({ capabilities: {} });
  }

  async initialize(config) {
    this.webkit = await startWebKitDriver();
    this.options = this.webkit.options;
    await super.initialize(config);
    this.name = 'WebKit';
    // web-test-runner puts its own command plugins first, and its send-keys answers every
    // WebDriver session; the test runner reads commands from this same array, so ours goes first.
    config.plugins?.unshift(keyboardPlugin(this));
  }

  async stop() {
    await super.stop();
    await this.webkit?.stop();
  }
}

export function webkitLauncher() {
  return new WebKitLauncher();
}
