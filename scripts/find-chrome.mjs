// Finds a Chromium/Chrome binary for the browser tests. npm cannot download a browser
// here, so the tests use the system's: CHROME_PATH first, then the usual Debian names.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChrome() {
  if (process.env.CHROME_PATH) {
    if (existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    throw new Error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, but no file is there.`);
  }
  for (const path of CANDIDATES) if (existsSync(path)) return path;
  for (const name of NAMES) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH; try the next name
    }
  }
  return undefined;
}

/** Flags for a headless Chromium on a machine with no network and no GPU, as root. */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** Finds Firefox for the browser tests: FIREFOX_PATH first, then Debian's firefox-esr. */
export function findFirefox() {
  if (process.env.FIREFOX_PATH) {
    if (existsSync(process.env.FIREFOX_PATH)) return process.env.FIREFOX_PATH;
    throw new Error(`FIREFOX_PATH is set to ${process.env.FIREFOX_PATH}, but no file is there.`);
  }
  for (const path of FIREFOX_CANDIDATES) if (existsSync(path)) return path;
  return undefined;
}

/*
 * WebKit (Safari's engine) on Linux is WebKitGTK: Debian's `webkit2gtk-driver` gives
 * WebKitWebDriver, which drives the MiniBrowser of `libwebkit2gtk-4.1-0` over classic WebDriver.
 * That MiniBrowser has no headless mode, so it runs on a private Xvfb display (`xvfb`).
 */
const WEBKIT_DRIVER_CANDIDATES = ['/usr/bin/WebKitWebDriver'];
const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];
const XVFB_CANDIDATES = ['/usr/bin/Xvfb'];

const firstFile = (envVar, candidates) => {
  if (process.env[envVar]) {
    if (existsSync(process.env[envVar])) return process.env[envVar];
    throw new Error(`${envVar} is set to ${process.env[envVar]}, but no file is there.`);
  }
  return candidates.find((path) => existsSync(path));
};

/**
 * The three programs the WebKit tests need, each found by its variable first
 * (WEBKIT_DRIVER, WEBKIT_BROWSER, XVFB) then at Debian's paths; undefined for any missing.
 */
export function findWebKit() {
  return {
    driver: firstFile('WEBKIT_DRIVER', WEBKIT_DRIVER_CANDIDATES),
    browser: firstFile('WEBKIT_BROWSER', MINIBROWSER_CANDIDATES),
    xvfb: firstFile('XVFB', XVFB_CANDIDATES),
  };
}
