// Starts WebKitGTK for the WebKit tests: a private Xvfb display (WebKitGTK's MiniBrowser has no
// headless mode) and WebKitWebDriver on a free loopback port, and says how to open a session on
// them with webdriverio. Used by web-test-runner.webkit.config.mjs and the end-to-end harness.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { findWebKit } from './find-chrome.mjs';

const START_TIMEOUT_MS = 30_000;

/** A port nobody listens on right now, on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with what `child` wrote to `fd` up to the first newline; rejects if it exits first. */
function firstLine(child, stream, what) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    stream.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${signal ?? code}) before it was ready`));
    });
  });
}

/** Waits until the driver answers /status, or fails after START_TIMEOUT_MS. */
async function waitForDriver(child, port) {
  let exited;
  child.once('exit', (code, signal) => (exited = signal ?? code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw new Error(`WebKitWebDriver exited (${exited}) before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on port ${port} within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stopProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function programs() {
  const { driver, browser, xvfb } = findWebKit();
  const missing = [!driver && 'WebKitWebDriver (Debian package "webkit2gtk-driver")', !browser && 'MiniBrowser (Debian package "libwebkit2gtk-4.1-0")', !xvfb && 'Xvfb (Debian package "xvfb")'].filter(Boolean);
  if (missing.length > 0) throw new Error(`The WebKit tests need ${missing.join(', ')}: run "node scripts/ensure-browser.mjs" as root, or install them.`);
  return { driver, browser, xvfb };
}

/** Starts a private Xvfb display. Returns its name (":5") and `stop()`. */
export async function startDisplay() {
  const { xvfb } = programs();
  // -displayfd: Xvfb picks a free display number itself and writes it to fd 3 once it accepts clients.
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  try {
    const number = await firstLine(child, child.stdio[3], 'Xvfb');
    return { name: `:${number}`, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

/**
 * Starts WebKitWebDriver on a free loopback port, its browsers showing on `display` (from
 * startDisplay). WebKitWebDriver holds one session at a time, so each person of a test needs
 * one of their own. Returns the webdriverio options for that session (`remote(options)`) and `stop()`.
 */
export async function startDriver(display) {
  const { driver, browser } = programs();
  const port = await freePort();
  const child = spawn(driver, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: 'ignore',
    // NO_AT_BRIDGE: no accessibility bus on this display, and GTK would warn on every window.
    env: { ...process.env, DISPLAY: display.name, NO_AT_BRIDGE: '1' },
  });
  try {
    await waitForDriver(child, port);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    options: {
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: {
        // WebKitGTK speaks classic WebDriver only; webdriverio 9 would ask for BiDi otherwise.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] },
      },
    },
    stop: () => stopProcess(child),
  };
}

/** A display and one driver on it, for a single session (the component tests); `stop()` ends both. */
export async function startWebKitDriver() {
  const display = await startDisplay();
  try {
    const driver = await startDriver(display);
    return {
      options: driver.options,
      async stop() {
        await driver.stop();
        await display.stop();
      },
    };
  } catch (error) {
    await display.stop();
    throw error;
  }
}
