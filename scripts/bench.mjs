// `npm run bench`: the benchmarks, each printed beside a baseline measured in the same run.
// Browser figures run in headless Chromium on the page in bench/. Not part of `npm test`:
// timings belong here, as ratios, never as assertions.
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBrowser } from './ensure-browser.mjs';
import { CHROME_ARGS } from './find-chrome.mjs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How long the peer (deep-chat) may take to show a transcript before its page is closed. */
const PEER_LIMIT_MS = 120_000;

// BENCH_ONLY=browser or BENCH_ONLY=server runs one half; unset runs both, browser first.
const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'browser' && only !== 'server') {
  console.error(`BENCH_ONLY must be "browser" or "server", not "${only}".`);
  process.exit(2);
}
if (only === 'server') process.exit(serverBenchmark());

const executablePath = ensureBrowser();
// The browser figures measure what users get: a production build of bench/ (Lit in
// production mode, minified), served as static files — not the Vite dev server.
const server = await startProductionBench();
const browser = await chromium.launch({ executablePath, args: CHROME_ARGS.filter((arg) => !arg.startsWith('--headless')) });
try {
  // BENCH_FIGURES=transcript, long, search or peer runs one group of browser figures.
  const group = process.env.BENCH_FIGURES ? `&only=${encodeURIComponent(process.env.BENCH_FIGURES)}` : '';
  const figures = [];
  if (group !== '&only=peer') {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${server.url}?runs=${process.env.BENCH_RUNS ?? 5}${group}`);
    await page.waitForFunction(() => 'window' in globalThis && window.__bench !== undefined, null, { timeout: 60_000 });
    figures.push(...(await page.evaluate(() => window.__bench, null)));
    await page.close();
  }
  // The peer (deep-chat) on the same transcripts, each size in a page of its own that is
  // closed when it does not answer within PEER_LIMIT_MS (BENCH_PEER=0 skips it).
  if (process.env.BENCH_PEER !== '0' && (!group || group === '&only=peer')) {
    for (const count of [10_000, 100_000]) figures.push(...(await peerFigure(browser, count)));
  }
  console.log('\nBrowser benchmarks (headless Chromium)\n');
  const rows = figures.map((f) => ({
    figure: f.name,
    value: `${f.value.toFixed(2)} ${f.unit}`,
    baseline: Number.isFinite(f.baseline) ? `${f.baselineName}: ${f.baseline.toFixed(2)} ${f.unit}` : f.baselineName,
    ratio: f.baseline > 0 ? `${(f.value / f.baseline).toFixed(1)}×` : 'n/a',
  }));
  console.table(rows);
} finally {
  await browser.close();
  await server.close();
}

if (only !== 'browser') process.exitCode = serverBenchmark();

/** deep-chat beside `<chat-interaction>` on `count` entries, or a row saying it did not finish. */
async function peerFigure(browser, count) {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  try {
    await page.goto(`${server.url}?only=peer&count=${count}`);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 60_000 });
    const answer = page.evaluate(() => window.__bench, null);
    const late = new Promise((resolve) => setTimeout(() => resolve(undefined), PEER_LIMIT_MS));
    const figures = await Promise.race([answer, late]);
    if (figures) return figures;
    answer.catch(() => undefined);
    const n = count.toLocaleString('en');
    return [{ name: `deep-chat 2.4.2 first render, ${n} entries (did not finish within ${PEER_LIMIT_MS / 1000} s)`, unit: 'ms', value: PEER_LIMIT_MS, baselineName: `<chat-interaction>, ${n}`, baseline: NaN }];
  } finally {
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
  }
}

/** Builds bench/ for production into a temporary folder and serves it on a free loopback port. */
async function startProductionBench() {
  const outDir = mkdtempSync(join(tmpdir(), 'wc-bench-'));
  const root = fileURLToPath(new URL('../bench/', import.meta.url));
  await build({ root, configFile: false, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true, target: 'es2022', minify: true } });
  const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`,
    close: async () => {
      await new Promise((resolve) => server.httpServer.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server figures run in their own processes: bench/server/main.ts (throughput and latency
 * over WebSockets; it forks its clients), then bench/server/durability.ts (start-up after a
 * long history, memory per finished session, a soak of steady chat, and what fsync costs).
 */
function serverBenchmark() {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  for (const script of ['bench/server/main.ts', 'bench/server/durability.ts']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
  }
  return 0;
}
