// Makes sure a Chromium is there for the browser tests. npm cannot download a browser on
// the machines this project is tested on, so we use the system's and, as root with apt,
// install Debian's `chromium` package. Anything else stops with one line saying what to do.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { findChrome } from './find-chrome.mjs';

const INSTALL_HINT =
  'No Chromium found for the browser tests: install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.';

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
 * Returns the path of a usable Chromium, installing one when it can.
 * Throws BrowserMissingError (with a one-line message) when there is none and it cannot install.
 */
export function ensureBrowser({ log = console.log } = {}) {
  if (process.env.CHROME_PATH && !existsSync(process.env.CHROME_PATH)) {
    // The user named a browser; installing another one behind their back would hide the mistake.
    throw new BrowserMissingError(`CHROME_PATH is set to ${process.env.CHROME_PATH}, but no file is there: fix CHROME_PATH or unset it.`);
  }
  const found = findChrome();
  if (found) return found;

  if (!isRoot() || !hasAptGet()) {
    throw new BrowserMissingError(INSTALL_HINT);
  }
  log('No Chromium found; installing Debian\'s "chromium" package with apt-get (running as root).');
  const installArgs = ['install', '-y', 'chromium'];
  if (!apt(installArgs, log)) {
    // A fresh machine often has no package lists yet.
    log('apt-get install failed; updating the package lists and trying again.');
    if (!apt(['update'], log) || !apt(installArgs, log)) {
      throw new BrowserMissingError(`Installing "chromium" with apt-get failed. ${INSTALL_HINT}`);
    }
  }
  const installed = findChrome();
  if (!installed) throw new BrowserMissingError(`apt-get installed "chromium" but no binary was found afterwards. ${INSTALL_HINT}`);
  log(`Installed Chromium at ${installed}.`);
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureBrowser());
  } catch (error) {
    console.error(error instanceof BrowserMissingError ? error.message : error);
    process.exit(1);
  }
}
