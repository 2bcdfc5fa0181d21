// `npm test`: every check the project has, in order, stopping at the first failure.
//   node scripts/test.mjs                 all steps
//   node scripts/test.mjs node browser    only the named steps (browser-check runs before browser and e2e)
// Steps: browser-check, typecheck, node, browser, webkit, e2e, package, examples, storybook, size.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowser, ensureFirefox, ensureWebKit, BrowserMissingError } from './ensure-browser.mjs';
import { ensureRedis, RedisMissingError } from './ensure-redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Files under `dir` whose names end with `suffix`, sorted. Node 20's `--test` does not expand globs itself. */
function findFiles(dir, suffix) {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(suffix) && !name.split(sep).includes('node_modules'))
    .map((name) => relative(root, join(absolute, name)))
    .sort();
}

/** A focused test (`it.only`) would quietly run instead of the whole suite in mocha. */
function focusedTests(files) {
  return files.filter((file) => /\b(describe|it|test|suite)\.only\s*\(/.test(readFileSync(join(root, file), 'utf8')));
}

const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

/** Runs a command with its output shown as it comes and also kept, for the counts. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const shown = command === process.execPath ? 'node' : command.startsWith(root) ? relative(root, command) : command;
    console.log(`$ ${[shown, ...args.map((arg) => (arg.startsWith(root) ? relative(root, arg) : arg))].join(' ')}`);
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      output += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: stripAnsi(output) }));
  });
}

let chromePath;
let firefoxPath;

/** A step whose runner exits 0 having run no test (an empty describe, a wrong glob) has checked nothing. */
function ranNone(result, what) {
  return result.ok && !(result.passed > 0) ? { ...result, ok: false, reason: `no ${what} ran (a runner that runs nothing exits 0)` } : result;
}

/** Node's test runner over every `*.test.ts` under `dir`; a test still running after `timeoutMs` fails. */
async function nodeTests(dir, what, timeoutMs, env = {}) {
  const files = findFiles(dir, '.test.ts');
  if (files.length === 0) return { ok: false, reason: `no ${what} found under ${dir}` };
  const focused = focusedTests(files);
  if (focused.length > 0) return { ok: false, reason: `.only in ${focused.join(', ')}: it would run instead of the rest` };
  const { code, output } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${timeoutMs}`, ...files], env);
  // The spec reporter ends with "ℹ pass N", "ℹ fail N", "ℹ cancelled N"; take the last of each.
  const count = (label) => Number([...output.matchAll(new RegExp(`^\\S* ?${label} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? NaN);
  return ranNone({ ok: code === 0, reason: `${what} failed (see above)`, passed: count('pass'), failed: count('fail') + (count('cancelled') || 0) }, what);
}

/** web-test-runner over every test file under src (`*.test.ts`), with `args` naming its config. */
async function componentTests(what, args, env = {}) {
  const files = findFiles('src', '.test.ts');
  if (files.length === 0) return { ok: false, reason: `no ${what} found under src` };
  const focused = focusedTests(files);
  if (focused.length > 0) return { ok: false, reason: `.only in ${focused.join(', ')}: it would run instead of the rest` };
  const { code, output } = await run(bin('web-test-runner'), [...args, '--static-logging'], env);
  // One progress line per browser ("Chrome: … | 12 passed, 0 failed"); the last of each counts.
  const last = new Map([...output.matchAll(/^(\w+): .*?(\d+) passed, (\d+) failed/gm)].map((m) => [m[1], m]));
  const sum = (i) => (last.size ? [...last.values()].reduce((total, m) => total + Number(m[i]), 0) : NaN);
  return ranNone({ ok: code === 0, reason: `${what} failed (see above)`, passed: sum(2), failed: sum(3) }, what);
}

const steps = {
  'browser-check': async () => {
    try {
      chromePath = ensureBrowser();
      console.log(`Chromium: ${chromePath}`);
      firefoxPath = ensureFirefox();
      console.log(`Firefox: ${firefoxPath}`);
      // Only the steps that use WebKit ask for it: `npm run test:browser` on a machine without it still runs.
      if (selected.includes('webkit') || selected.includes('e2e')) console.log(`WebKit: ${ensureWebKit()}`);
      return { ok: true };
    } catch (error) {
      if (error instanceof BrowserMissingError) return { ok: false, reason: error.message };
      throw error;
    }
  },

  typecheck: async () => {
    const { code } = await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    return { ok: code === 0, reason: 'type errors (see above)' };
  },

  // The cluster tests start their own redis-server: find it, or install Debian's as root.
  node: async () => {
    try {
      console.log(`redis-server: ${ensureRedis()}`);
    } catch (error) {
      if (error instanceof RedisMissingError) return { ok: false, reason: error.message };
      throw error;
    }
    return nodeTests('test/node', 'Node tests', 120_000);
  },

  browser: () => componentTests('browser tests', [], { CHROME_PATH: chromePath, FIREFOX_PATH: firefoxPath }),

  // The same component tests in WebKit (WebKitGTK on a private Xvfb), one file at a time: a
  // run of its own so the Chromium and Firefox runs keep their concurrency.
  webkit: () => componentTests('WebKit component tests', ['--config', 'web-test-runner.webkit.config.mjs']),

  // The seed lessons through the real server and the demo pages, in Chromium driven by playwright-core;
  // lesson 1 also in WebKit (WebKitGTK driven by webdriverio: test/e2e/webkit-lesson.test.ts) and
  // in Firefox (firefox-esr driven by puppeteer-core over WebDriver BiDi: test/e2e/firefox-*.test.ts).
  e2e: () => nodeTests('test/e2e', 'end-to-end tests', 300_000, { CHROME_PATH: chromePath, FIREFOX_PATH: firefoxPath }),

  package: async () => {
    const { code } = await run('npm', ['run', 'build', '--silent']);
    if (code !== 0) return { ok: false, reason: 'the library build or its exports failed (see above)' };
    const consumer = await run(process.execPath, [join(root, 'scripts', 'check-consumer.mjs')]);
    return { ok: consumer.code === 0, reason: 'a host type-check, publint or attw failed (see above)' };
  },

  // The quick starts under examples/, built by Vite from the package built above, in Chromium.
  examples: () => nodeTests('test/examples', 'example apps', { CHROME_PATH: chromePath }),

  // The static Storybook: docs pages from the custom-elements manifest, events in Actions.
  storybook: async () => {
    const { code } = await run('npm', ['run', 'build-storybook', '--silent']);
    if (code !== 0) return { ok: false, reason: 'the Storybook build failed (see above)' };
    return nodeTests('test/storybook', 'Storybook docs tests', { CHROME_PATH: chromePath });
  },

  size: async () => {
    const { code } = await run(process.execPath, [join(root, 'scripts', 'size.mjs')]);
    return { ok: code === 0, reason: 'bundle size check failed (see above)' };
  },
};

const ORDER = Object.keys(steps);
const requested = process.argv.slice(2);
for (const name of requested) {
  if (!ORDER.includes(name)) {
    console.error(`Unknown step "${name}". Steps: ${ORDER.join(', ')}.`);
    process.exit(2);
  }
}
const selected = requested.length === 0 ? ORDER : ORDER.filter((name) => requested.includes(name) || (name === 'browser-check' && ['browser', 'webkit', 'e2e', 'examples', 'storybook'].some((step) => requested.includes(step))));

const results = [];
let failure;
const started = Date.now();
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const stepStart = Date.now();
  const result = await steps[name]();
  results.push({ name, seconds: (Date.now() - stepStart) / 1000, ...result });
  if (!result.ok) {
    failure = { name, reason: result.reason };
    break;
  }
}

console.log('\n=== summary ===');
for (const name of selected) {
  const result = results.find((r) => r.name === name);
  if (!result) {
    console.log(`  -    ${name} (not run: an earlier step failed)`);
    continue;
  }
  const counts = Number.isFinite(result.passed) ? `, ${result.passed} passed, ${result.failed} failed` : '';
  console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${name} (${result.seconds.toFixed(1)} s${counts})`);
}
const counted = results.filter((r) => Number.isFinite(r.passed));
const passed = counted.reduce((sum, r) => sum + r.passed, 0);
const failed = counted.reduce((sum, r) => sum + r.failed, 0);
console.log(`Total time ${((Date.now() - started) / 1000).toFixed(1)} s.`);
if (counted.length > 0) console.log(`${passed} passed, ${failed} failed`);
if (failure) {
  console.error(`npm test failed at "${failure.name}": ${failure.reason}`);
  process.exit(1);
}
