// Makes sure Chromium, Firefox and WebKit are there for the browser tests. npm cannot download a
// browser on the machines this project is tested on, so we use the system's and, as root with apt,
// install Debian's `chromium`, `firefox-esr`, and `webkit2gtk-driver` with `xvfb` packages.
// Anything else stops with one line saying what to do.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { findChrome, findFirefox, findWebKit } from './find-chrome.mjs';

const INSTALL_HINT =
  'No Chromium found for the browser tests: install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.';

const FIREFOX_HINT =
  'No Firefox found for the browser tests: install Debian\'s "firefox-esr" package (apt-get install firefox-esr) or set FIREFOX_PATH to a Firefox binary.';

const WEBKIT_HINT =
  'No WebKit found for the WebKit tests: install Debian\'s "webkit2gtk-driver" and "xvfb" packages (apt-get install webkit2gtk-driver xvfb), or set WEBKIT_DRIVER, WEBKIT_BROWSER (MiniBrowser) and XVFB.';

export class BrowserMissingError extends Error {}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function apt(args, log) {
  log(`$ apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Returns the path of a usable browser found by `find`, installing Debian's `pkg` (one name or
 * several) as root with apt when missing. Throws BrowserMissingError (one line) when there is
 * none and it cannot install.
 */
function ensure({ name, pkg, envVar, find, hint }, log) {
  for (const variable of [envVar].flat()) {
    if (process.env[variable] && !existsSync(process.env[variable])) {
      // The user named a browser; installing another one behind their back would hide the mistake.
      throw new BrowserMissingError(`${variable} is set to ${process.env[variable]}, but no file is there: fix ${variable} or unset it.`);
    }
  }
  const found = find();
  if (found) return found;

  if (!isRoot() || !hasAptGet()) {
    throw new BrowserMissingError(hint);
  }
  const packages = [pkg].flat();
  log(`No ${name} found; installing Debian's ${packages.map((p) => `"${p}"`).join(' and ')} with apt-get (running as root).`);
  const installArgs = ['install', '-y', ...packages];
  if (!apt(installArgs, log)) {
    // A fresh machine often has no package lists yet.
    log('apt-get install failed; updating the package lists and trying again.');
    if (!apt(['update'], log) || !apt(installArgs, log)) {
      throw new BrowserMissingError(`Installing ${packages.join(' ')} with apt-get failed. ${hint}`);
    }
  }
  const installed = find();
  if (!installed) throw new BrowserMissingError(`apt-get installed ${packages.join(' ')} but no binary was found afterwards. ${hint}`);
  log(`Installed ${name} at ${installed}.`);
  return installed;
}

/** The path of a usable Chromium, installed with apt as root when missing. */
export function ensureBrowser({ log = console.log } = {}) {
  return ensure({ name: 'Chromium', pkg: 'chromium', envVar: 'CHROME_PATH', find: findChrome, hint: INSTALL_HINT }, log);
}

/** The path of a usable Firefox (Debian's firefox-esr), installed with apt as root when missing. */
export function ensureFirefox({ log = console.log } = {}) {
  return ensure({ name: 'Firefox', pkg: 'firefox-esr', envVar: 'FIREFOX_PATH', find: findFirefox, hint: FIREFOX_HINT }, log);
}

/**
 * WebKitGTK's driver, its MiniBrowser and Xvfb (scripts/webkit-driver.mjs starts them), installed
 * with apt as root when any is missing. Returns the driver's path.
 */
export function ensureWebKit({ log = console.log } = {}) {
  const complete = () => {
    const { driver, browser, xvfb } = findWebKit();
    return driver && browser && xvfb ? driver : undefined;
  };
  return ensure({ name: 'WebKit', pkg: ['webkit2gtk-driver', 'xvfb'], envVar: ['WEBKIT_DRIVER', 'WEBKIT_BROWSER', 'XVFB'], find: complete, hint: WEBKIT_HINT }, log);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureBrowser());
    console.log(ensureFirefox());
    console.log(ensureWebKit());
  } catch (error) {
    console.error(error instanceof BrowserMissingError ? error.message : error);
    process.exit(1);
  }
}
