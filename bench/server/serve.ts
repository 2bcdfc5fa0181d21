// One system under test of the server benchmark, in a process of its own (forked by
// bench/server/main.ts): the bare `ws` relay, one chat-server node on the file journal, one
// node on Redis, or two nodes on Redis. Each system has its own heap, garbage collector and
// event loop, so one system's pauses (a compaction, a major collection of the chat server's
// heap) never show up in another's latency, and its CPU per message is its own process's.
// It measures its CPU and event-loop use between the `measure` and `pause` phases it is told
// of, and reports them when asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { threadCpu, threadCpuSince, type ThreadCpu } from './thread-cpu.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../../server/create-server.js';
import type { LogEntry } from '../../server/logger.js';
import { createEchoServer } from './echo-server.js';
import { benchPlan, nameOf, roleOf } from './plan.js';

/** `file-tuned`: one node on the file journal again, in a process started with BENCH_SERVER_TUNED's Node flags. */
export type SystemName = 'echo' | 'file' | 'file-tuned' | 'redis-1' | 'redis-2';

export interface ServeRequest {
  type: 'start';
  system: SystemName;
  sessions: number;
  secret: string;
  redisUrl?: string;
  /** Write a CPU profile of the first measured slice here. */
  profile?: string;
}

/** What the process spent during the measured slices. */
export interface ServerCost {
  cpuMs: number;
  activeMs: number;
  idleMs: number;
  /** `cpuMs` by thread (Linux only). */
  threads?: ThreadCpu;
}

export type ServeMessage =
  | { type: 'ready'; wsUrls: string[] }
  | { type: 'cost'; cost: ServerCost; warnings: Record<string, number>; compactions: Compactions }
  | { type: 'failed'; message: string };

export type ServeControl = ServeRequest | { type: 'phase'; phase: 'measure' | 'pause' } | { type: 'report' } | { type: 'stop' };

/**
 * Snapshots written while the load ran: how long each took (in the background), and how long
 * the event loop spent on them (capturing the state, serialising slices), in all and at most at once.
 */
export interface Compactions {
  count: number;
  /** Bytes of the snapshots written. */
  bytes: number;
  totalMs: number;
  maxMs: number;
  heldMs: number;
  longestHoldMs: number;
}

const cost: ServerCost = { cpuMs: 0, activeMs: 0, idleMs: 0 };
const compactions: Compactions = { count: 0, bytes: 0, totalMs: 0, maxMs: 0, heldMs: 0, longestHoldMs: 0 };
const warnings: Record<string, number> = {};
let cpu = process.cpuUsage();
let threads = threadCpu();
let elu = performance.eventLoopUtilization();
let close: () => Promise<void> = async () => {};
let profileFile: string | undefined;
let profiler: Session | undefined;

async function start(request: ServeRequest): Promise<string[]> {
  const plan = benchPlan(request.sessions);
  const names = nameOf(plan.directory);
  profileFile = request.profile;
  if (request.system === 'echo') {
    const sessionOf = new Map(plan.sessions.flatMap((s) => [s.contact, s.first, s.second].map((id) => [id, `s-${s.index}`] as const)));
    const echo = await createEchoServer({ sessionOf, names, roles: roleOf(plan.sessions) });
    close = () => echo.close();
    return [echo.wsUrl];
  }
  const common: ChatServerOptions = {
    secret: request.secret,
    directory: plan.directory,
    // The defaults allow 30 messages per 10 s per user and 60 sign-ins per 10 s per address;
    // the load sends more, and every client connects from 127.0.0.1.
    limits: {
      messagesPerWindow: 1_000_000,
      windowMs: 1000,
      burst: 1_000_000,
      hellosPerWindow: 1_000_000,
      maxPendingHellos: 1_000_000,
      maxPendingHellosPerIp: 1_000_000,
    },
    // Nothing may time out while a thousand sessions are being set up.
    config: { inviteTimeoutMs: 600_000, routingTimeoutMs: 600_000 },
    logger: (entry: LogEntry) => {
      if (entry.level !== 'info') warnings[entry.event] = (warnings[entry.event] ?? 0) + 1;
      if (entry.event === 'compacted' && typeof entry.ms === 'number') {
        compactions.count += 1;
        if (typeof entry.bytes === 'number') compactions.bytes += entry.bytes;
        compactions.totalMs += entry.ms;
        compactions.maxMs = Math.max(compactions.maxMs, entry.ms);
        compactions.heldMs += typeof entry.heldMs === 'number' ? entry.heldMs : entry.ms;
        compactions.longestHoldMs = Math.max(compactions.longestHoldMs, typeof entry.longestHoldMs === 'number' ? entry.longestHoldMs : entry.ms);
      }
    },
  };
  const servers: ChatServer[] = [];
  const serve = async (options: Partial<ChatServerOptions>) => {
    const server = await createChatServer({ ...common, ...options });
    servers.push(server);
    return server.wsUrl;
  };
  // The one-node default (write-ahead journal on disk) and the cluster on a Redis of its own.
  const dataDir = request.system === 'file' || request.system === 'file-tuned' ? mkdtempSync(join(tmpdir(), 'wc-bench-')) : undefined;
  close = async () => {
    await Promise.all(servers.map((server) => server.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  switch (request.system) {
    case 'file':
    case 'file-tuned':
      return [await serve({ dataDir: dataDir! })];
    case 'redis-1':
      return [await serve({ redis: { url: request.redisUrl!, prefix: 'one:', nodeId: 'one' } })];
    case 'redis-2':
      return [
        await serve({ redis: { url: request.redisUrl!, prefix: 'two:', nodeId: 'two-a' } }),
        await serve({ redis: { url: request.redisUrl!, prefix: 'two:', nodeId: 'two-b' } }),
      ];
  }
}

/**
 * BENCH_SERVER_PROFILE: a CPU profile of the first measured slice, leaving out start-up,
 * connections and setup; a file name ending in `.heapprofile` samples allocations instead.
 */
async function profile(phase: 'measure' | 'pause'): Promise<void> {
  if (!profileFile) return;
  const heap = profileFile.endsWith('.heapprofile');
  if (phase === 'measure' && !profiler) {
    profiler = new Session();
    profiler.connect();
    if (heap) {
      await profiler.post('HeapProfiler.enable');
      // One sample per 4 KB allocated on average (V8's default is 32 KB): a message allocates a few KB.
      // Collected objects too (V8 knows these flags; Node's types do not yet): what is allocated, not only what survives.
      const everything = { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      await profiler.post('HeapProfiler.startSampling', { samplingInterval: 4096, ...everything });
      return;
    }
    await profiler.post('Profiler.enable');
    // Every 100 µs (the default is 1 ms): a message costs about 150 µs, so the default sees too few.
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
  } else if (phase === 'pause' && profiler) {
    const { profile: recorded } = heap ? await profiler.post('HeapProfiler.stopSampling') : await profiler.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(recorded));
    profiler.disconnect();
    profileFile = undefined;
  }
}

process.on('message', (message: ServeControl) => {
  switch (message.type) {
    case 'start':
      start(message).then(
        (wsUrls) => process.send!({ type: 'ready', wsUrls } satisfies ServeMessage),
        (error: Error) => process.send!({ type: 'failed', message: error.stack ?? error.message } satisfies ServeMessage),
      );
      return;
    case 'phase':
      if (message.phase === 'measure') {
        cpu = process.cpuUsage();
        threads = threadCpu();
        elu = performance.eventLoopUtilization();
      } else {
        const used = process.cpuUsage(cpu);
        const loop = performance.eventLoopUtilization(elu);
        cost.cpuMs += (used.user + used.system) / 1000;
        const spent = threadCpuSince(threads, threadCpu());
        if (spent) {
          cost.threads ??= { mainUserMs: 0, mainSystemMs: 0, otherThreadsMs: 0 };
          cost.threads.mainUserMs += spent.mainUserMs;
          cost.threads.mainSystemMs += spent.mainSystemMs;
          cost.threads.otherThreadsMs += spent.otherThreadsMs;
        }
        cost.activeMs += loop.active;
        cost.idleMs += loop.idle;
      }
      void profile(message.phase);
      return;
    case 'report':
      process.send!({ type: 'cost', cost, warnings, compactions } satisfies ServeMessage);
      return;
    case 'stop':
      void close().finally(() => process.exit(0));
      return;
  }
});
