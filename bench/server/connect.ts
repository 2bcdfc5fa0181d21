// Connect time of a crowd of agents against one chat server (in memory, no journal): how
// long 3,000 agents take from opening their sockets until each has its first frame (the
// snapshot), with a 50,000-target directory, beside the same 3,000 agents with a directory
// of only themselves, measured in the same run (the ratio says what the directory costs).
// Run alone: `node --import tsx bench/server/connect.ts`; `npm run bench` runs it after the
// delivery figures. BENCH_CONNECT_AGENTS and BENCH_CONNECT_TARGETS change the sizes.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createToken } from '../../server/auth.js';
import { createChatServer } from '../../server/create-server.js';
import { performance } from 'node:perf_hooks';
import { generatedDirectory } from '../../src/seed/directory.js';
import { createChatEngine } from '../../src/engine/index.js';
import { createEngineHost } from '../../src/host/engine-host.js';
import type { DirectoryEntry } from '../../src/engine/types.js';
import type { ConnectReport, ConnectRequest } from './connect-clients.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number.`);
  return value;
};
const agents = env('BENCH_CONNECT_AGENTS', 3000);
const targets = Math.max(agents, env('BENCH_CONNECT_TARGETS', 50_000));
const secret = randomBytes(24).toString('hex');

export interface ConnectFigures {
  agents: number;
  targets: number;
  /** The same agents with a directory of only themselves. */
  small: ConnectReport;
  large: ConnectReport;
  /** The server's directory search over the large directory (the engine host, no socket). */
  search?: { indexMs: number; firstMs: number; p50Ms: number; p95Ms: number; searches: number };
}

/**
 * What a search costs the server: the index is built once per directory, before the server
 * listens (`prepareDirectory`), so the first search costs no more than the later ones; each keystroke of "Agent 01234" typed, letter by letter, for several agents, is one search.
 */
function searchCost(directory: DirectoryEntry[]): ConnectFigures['search'] {
  let n = 0;
  const host = createEngineHost(
    (clock) => createChatEngine({ clock, ids: () => `b${++n}`, directory }),
    'bench',
    { timers: { now: () => Date.now(), at: () => () => {}, later: (callback) => queueMicrotask(callback) } },
  );
  const building = performance.now();
  host.prepareDirectory();
  const indexMs = performance.now() - building;
  const first = performance.now();
  host.searchDirectory('agent-00001', { query: 'a' });
  const firstMs = performance.now() - first;
  const times: number[] = [];
  for (let a = 1; a <= 40; a++) {
    const name = `Agent ${String(a * 1234).padStart(5, '0')}`;
    for (let i = 1; i <= name.length; i++) {
      const started = performance.now();
      host.searchDirectory('agent-00001', { query: name.slice(0, i), limit: 50 });
      times.push(performance.now() - started);
    }
  }
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  host.close();
  return { indexMs, firstMs, p50Ms: at(0.5), p95Ms: at(0.95), searches: times.length };
}

async function measure(directory: DirectoryEntry[], ids: string[]): Promise<ConnectReport> {
  const server = await createChatServer({
    secret,
    directory,
    logger: () => {},
    // Every socket comes from 127.0.0.1, and they all sign in within seconds.
    limits: { hellosPerWindow: 1_000_000, maxPendingHellos: 1_000_000, maxPendingHellosPerIp: 1_000_000, maxBufferedBytes: 512 * 1024 * 1024 },
  });
  const child = fork(fileURLToPath(new URL('./connect-clients.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const request: ConnectRequest = {
      url: server.wsUrl,
      tokens: ids.map((userId) => createToken(secret, { userId, role: 'agent', ttlSeconds: 3600 })),
      concurrency: 64,
    };
    return await new Promise<ConnectReport>((resolve, reject) => {
      child.once('message', (report: ConnectReport) => resolve(report));
      child.once('exit', (code) => reject(new Error(`the connect clients exited with ${code} before reporting`)));
      child.send(request);
    });
  } finally {
    if (child.exitCode === null) child.kill();
    await server.close();
  }
}

export async function connectBench(): Promise<ConnectFigures> {
  const large = generatedDirectory(targets);
  const ids = large.filter((entry) => entry.kind === 'agent').slice(0, agents).map((entry) => entry.id);
  const small = generatedDirectory(agents).filter((entry) => entry.kind === 'agent');
  // Alternate, so both see the same conditions on a machine doing other work.
  const smallFirst = await measure(small, ids);
  const largeRun = await measure(large, ids);
  const search = searchCost(large);
  return { agents, targets: large.length, small: smallFirst, large: largeRun, ...(search ? { search } : {}) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function describeConnect(figures: ConnectFigures): string {
  const { small, large } = figures;
  return [
    `Connect time, ${figures.agents.toLocaleString('en')} agents (one node, in memory):`,
    `  directory of ${figures.targets.toLocaleString('en')} targets: ${(large.connectMs / 1000).toFixed(2)} s, first frame ${kb(large.meanFirstFrameBytes)}${large.failures ? `, ${large.failures} failed` : ''}`,
    `  directory of only those agents (same run): ${(small.connectMs / 1000).toFixed(2)} s, first frame ${kb(small.meanFirstFrameBytes)}${small.failures ? `, ${small.failures} failed` : ''}`,
    `  ratio: ${(large.connectMs / small.connectMs).toFixed(2)}× the time, ${(large.meanFirstFrameBytes / small.meanFirstFrameBytes).toFixed(2)}× the bytes`,
    ...(figures.search
      ? [
          `Directory search on the server over ${figures.targets.toLocaleString('en')} targets: index built before listening in ${figures.search.indexMs.toFixed(0)} ms, then the first search ${figures.search.firstMs.toFixed(1)} ms; ` +
            `${figures.search.searches} keystroke searches p50 ${figures.search.p50Ms.toFixed(2)} ms, p95 ${figures.search.p95Ms.toFixed(2)} ms`,
        ]
      : []),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(describeConnect(await connectBench()));
}
