// Makes sure Chromium and Firefox are there for the browser tests. npm cannot download a browser on
// the machines this project is tested on, so we use the system's and, as root with apt,
// install Debian's `chromium` and `firefox-esr` packages. Anything else stops with one line saying what to do.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { findChrome, findFirefox } from './find-chrome.mjs';

const INSTALL_HINT =
  'No Chromium found for the browser tests: install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.';

const FIREFOX_HINT =
  'No Firefox found for the browser tests: install Debian\'s "firefox-esr" package (apt-get install firefox-esr) or set FIREFOX_PATH to a Firefox binary.';

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
 * Returns the path of a usable browser found by `find`, installing Debian's `pkg` as root with
 * apt when missing. Throws BrowserMissingError (one line) when there is none and it cannot install.
 */
function ensure({ name, pkg, envVar, find, hint }, log) {
  if (process.env[envVar] && !existsSync(process.env[envVar])) {
    // The user named a browser; installing another one behind their back would hide the mistake.
    throw new BrowserMissingError(`${envVar} is set to ${process.env[envVar]}, but no file is there: fix ${envVar} or unset it.`);
  }
  const found = find();
  if (found) return found;

  if (!isRoot() || !hasAptGet()) {
    throw new BrowserMissingError(hint);
  }
  log(`No ${name} found; installing Debian's "${pkg}" package with apt-get (running as root).`);
  const installArgs = ['install', '-y', pkg];
  if (!apt(installArgs, log)) {
    // A fresh machine often has no package lists yet.
    log('apt-get install failed; updating the package lists and trying again.');
    if (!apt(['update'], log) || !apt(installArgs, log)) {
      throw new BrowserMissingError(`Installing "${pkg}" with apt-get failed. ${hint}`);
    }
  }
  const installed = find();
  if (!installed) throw new BrowserMissingError(`apt-get installed "${pkg}" but no binary was found afterwards. ${hint}`);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureBrowser());
    console.log(ensureFirefox());
  } catch (error) {
    console.error(error instanceof BrowserMissingError ? error.message : error);
    process.exit(1);
  }
}
