// Server benchmark: messages delivered per second and delivery latency (p50/p99) with
// 1,000 concurrent three-party sessions on loopback, for one node on the file journal, one
// node on Redis and two nodes on Redis (cluster mode), beside a bare `ws` fan-out relay of
// the same frames measured the same way in the same run. Run by `npm run bench` after the
// browser figures, or alone: `node --import tsx bench/server/main.ts`.
//
// This process hosts both servers under test (the chat server and the baseline relay);
// the clients run in a child process (bench/server/load.ts) so that, on a two-core
// machine, servers and clients each have a core. The measured load alternates between the
// two systems in slices, so both see the same conditions on a machine that is doing other
// work. Everything listens on 127.0.0.1 on free ports, stops by itself and closes every socket.
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createToken } from '../../server/auth.js';
import { createChatServer } from '../../server/create-server.js';
import type { LogEntry } from '../../server/logger.js';
import { createEchoServer } from './echo-server.js';
import { startRedis } from '../../test/node/cluster/redis-harness.js';
import type { ChatServer, ChatServerOptions } from '../../server/create-server.js';
import type { LoadMessage, LoadReport, LoadRequest, SystemReport } from './load.js';
import { benchPlan, nameOf, type ParticipantPlan } from './plan.js';
import { connectBench, describeConnect } from './connect.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number.`);
  return value;
};
const wantedSessions = Math.floor(env('BENCH_SERVER_SESSIONS', 1000));
const settings = {
  ratePerParticipant: env('BENCH_SERVER_RATE', 0.5),
  warmupSeconds: env('BENCH_SERVER_WARMUP', 2),
  seconds: env('BENCH_SERVER_SECONDS', 10),
  slices: Math.floor(env('BENCH_SERVER_SLICES', 5)),
  drainSeconds: 10,
  textLength: 80,
};
/**
 * The latency ramp (one node on the file journal and the bare relay): messages per second
 * per participant, rising; BENCH_SERVER_RAMP=0 leaves it out.
 */
const rampRates = (process.env.BENCH_SERVER_RAMP ?? '0.5,1,1.5,2,3,4').split(',').map(Number).filter((rate) => rate > 0);
const RAMP_P99_MS = 10;

// BENCH_SERVER_CLUSTER=0 leaves the two cluster systems out.
const withCluster = process.env.BENCH_SERVER_CLUSTER !== '0';
const systemCount = withCluster ? 4 : 2;

/** Both processes hold one socket per participant and system, plus a few files of their own. */
function sessionsThatFit(wanted: number): number {
  let limit = Infinity;
  try {
    const answer = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    if (answer !== 'unlimited') limit = Number(answer);
  } catch {
    return wanted;
  }
  const fit = Math.floor((limit - 200) / (3 * systemCount));
  if (fit >= wanted) return wanted;
  console.warn(`The open-file limit (${limit}) fits ${fit} sessions, not ${wanted}: measuring ${fit}. Raise it first (ulimit -n 8192) to measure ${wanted}.`);
  return Math.max(1, fit);
}

const sessionCount = sessionsThatFit(wantedSessions);
const plan = benchPlan(sessionCount);
const secret = randomBytes(24).toString('hex');
const names = nameOf(plan.directory);
const participants: ParticipantPlan[] = plan.sessions.flatMap((s) =>
  (
    [
      [s.contact, 'contact'],
      [s.first, 'agent'],
      [s.second, 'agent'],
    ] as const
  ).map(([userId, role]) => ({
    userId,
    name: names.get(userId)!,
    role,
    token: createToken(secret, { userId, role, ttlSeconds: 3600 }),
    session: s.index,
  })),
);

/** What this process (hosting the server under test) spent during a system's measured slices. */
interface ServerCost {
  cpuMs: number;
  activeMs: number;
  idleMs: number;
}

/**
 * BENCH_SERVER_PROFILE=<file.cpuprofile> records a CPU profile of this process during the
 * chat server's first measured slice, leaving out start-up, connections and setup.
 */
let profiler: Session | undefined;
let profiled = false;
async function profile(phase: 'measure' | 'pause'): Promise<void> {
  const file = process.env.BENCH_SERVER_PROFILE;
  if (!file) return;
  if (phase === 'measure' && !profiled) {
    profiled = true;
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (phase === 'pause' && profiler) {
    const session = profiler;
    profiler = undefined;
    const { profile: recorded } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(recorded));
    session.disconnect();
    console.log(`CPU profile of the chat server under load: ${file} (profiling slowed that slice, so the figures below are inflated).`);
  }
}

async function load(targets: LoadRequest['targets']): Promise<{ report: LoadReport; costs: Record<string, ServerCost> }> {
  const costs: Record<string, ServerCost> = Object.fromEntries(targets.map((t) => [t.name, { cpuMs: 0, activeMs: 0, idleMs: 0 }]));
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const budgetMs =
    (180 + targets.length * (settings.warmupSeconds + settings.seconds + (settings.slices + 1) * settings.drainSeconds) + rampRates.length * 2 * (2 + settings.drainSeconds)) * 1000;
  const request: LoadRequest = {
    type: 'run',
    targets,
    sessions: plan.sessions,
    participants,
    ...settings,
    ...(rampRates.length ? { ramp: { systems: ['echo', 'file'], rates: rampRates, seconds: 2 } } : {}),
  };
  try {
    const report = await new Promise<LoadReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The load did not finish within ${budgetMs / 1000} s.`)), budgetMs);
      child.on('message', (message: LoadMessage) => {
        if (message.type === 'phase') {
          if (message.phase === 'measure') {
            cpu = process.cpuUsage();
            elu = performance.eventLoopUtilization();
          } else {
            const used = process.cpuUsage(cpu);
            const loop = performance.eventLoopUtilization(elu);
            const cost = costs[message.system]!;
            cost.cpuMs += (used.user + used.system) / 1000;
            cost.activeMs += loop.active;
            cost.idleMs += loop.idle;
          }
          if (message.system === 'file') void profile(message.phase);
          return;
        }
        clearTimeout(timer);
        if (message.type === 'report') resolve(message);
        else reject(new Error(`The load generator failed: ${message.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The load generator exited with ${code} before reporting.`));
      });
      child.send(request);
    });
    return { report, costs };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

const sessionOf = new Map<string, string>();
const roles = new Map<string, 'agent' | 'contact'>();
for (const p of participants) {
  sessionOf.set(p.userId, `s-${p.session}`);
  roles.set(p.userId, p.role);
}
const echo = await createEchoServer({ sessionOf, names, roles });
const warnings: Record<string, number> = {};
const common: ChatServerOptions = {
  secret,
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
  },
};
// The one-node default (write-ahead journal on disk) and the cluster on a Redis of its own
// (append-only file, fsync always, as server/README.md asks).
const dataDir = mkdtempSync(join(tmpdir(), 'wc-bench-'));
const redis = withCluster ? await startRedis() : undefined;
const servers: ChatServer[] = [];
const serve = async (options: Partial<ChatServerOptions>) => {
  const server = await createChatServer({ ...common, ...options });
  servers.push(server);
  return server.wsUrl;
};
let result: Awaited<ReturnType<typeof load>>;
try {
  const targets: LoadRequest['targets'] = [
    { name: 'echo', mode: 'echo', wsUrls: [echo.wsUrl] },
    { name: 'file', mode: 'chat', wsUrls: [await serve({ dataDir })] },
  ];
  if (redis) {
    targets.push({ name: 'redis-1', mode: 'chat', wsUrls: [await serve({ redis: { url: redis.url, prefix: 'one:', nodeId: 'one' } })] });
    targets.push({
      name: 'redis-2',
      mode: 'chat',
      wsUrls: [await serve({ redis: { url: redis.url, prefix: 'two:', nodeId: 'two-a' } }), await serve({ redis: { url: redis.url, prefix: 'two:', nodeId: 'two-b' } })],
    });
  }
  result = await load(targets);
} finally {
  await Promise.all([...servers.map((server) => server.close()), echo.close()]);
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

type Measured = SystemReport & ServerCost;
const measured = (name: string): Measured | undefined =>
  result.report.systems[name] ? { ...result.report.systems[name]!, ...result.costs[name]! } : undefined;
const baseline = measured('echo')!;
const systems = (
  [
    ['file', 'one node, file journal'],
    ['redis-1', 'one node on Redis'],
    ['redis-2', 'two nodes on Redis (one process)'],
  ] as const
).flatMap(([name, title]) => {
  const m = measured(name);
  return m ? [{ name, title, m }] : [];
});

const ms = (value: number) => `${value.toFixed(2)} ms`;
const micros = (value: number) => `${value.toFixed(1)} µs`;
const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} msg/s`;
const ratio = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(1)}×` : 'n/a');
/** Server process CPU (user + system) per message sent: less sensitive to other load on the machine than wall-clock figures. */
const cpuPerMessage = (r: Measured) => (r.cpuMs * 1000) / Math.max(1, r.sent);
const busy = (r: Measured) => r.activeMs / Math.max(1e-9, r.activeMs + r.idleMs);
const label = `${sessionCount.toLocaleString('en')} three-party sessions`;
const row = (figure: string, format: (n: number) => string, value: number, base: number) => ({
  figure,
  value: format(value),
  baseline: `ws fan-out: ${format(base)}`,
  ratio: ratio(value, base),
});

console.log(`\nServer benchmark (loopback, ${label}, ${participants.length.toLocaleString('en')} WebSockets per system, clients in a child process)\n`);
console.log(
  `Each participant sends ${settings.ratePerParticipant} message/s (${(participants.length * settings.ratePerParticipant).toLocaleString('en')} msg/s offered), ` +
    `${settings.textLength}-character texts; ${settings.warmupSeconds} s warm-up, then ${settings.seconds} s measured per system ` +
    `in ${settings.slices} slices alternating with the baseline. A delivery is one message reaching one of the other two members.\n`,
);
console.table(
  systems.flatMap(({ title, m }) => [
    row(`${title}: deliveries per second (${label})`, perSecond, m.deliveredPerSecond, baseline.deliveredPerSecond),
    row(`${title}: delivery latency p50`, ms, m.p50Ms, baseline.p50Ms),
    row(`${title}: delivery latency p99`, ms, m.p99Ms, baseline.p99Ms),
    row(`${title}: CPU time per message sent`, micros, cpuPerMessage(m), cpuPerMessage(baseline)),
    row(`${title}: event loop busy`, percent, busy(m), busy(baseline)),
  ]),
);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const details = (name: string, r: Measured) =>
  `${name}: connect ${(r.connectMs / 1000).toFixed(1)} s (first frame: contacts ${kb(r.meanFirstFrameBytes.contact)}, agents ${kb(r.meanFirstFrameBytes.agent)}), ` +
  `setup ${(r.setupMs / 1000).toFixed(1)} s; ` +
  `${r.received.toLocaleString('en')}/${r.expected.toLocaleString('en')} measured deliveries arrived (max ${ms(r.maxMs)}); ` +
  `entry-added frames ${Math.round(r.meanEventBytes)} B on average` +
  (Object.keys(r.errors).length ? `; refused: ${JSON.stringify(r.errors)}` : '') +
  (r.closedEarly ? `; ${r.closedEarly} sockets closed early` : '');
for (const { title, m } of systems) console.log(details(title, m));
if (Object.keys(warnings).length) console.log(`chat server warnings: ${JSON.stringify(warnings)}`);
console.log(details('ws fan-out', baseline));
const offered = participants.length * settings.ratePerParticipant * 2;
for (const [name, r] of [...systems.map(({ title, m }) => [title, m] as const), ['ws fan-out', baseline] as const]) {
  if (r.received < r.expected || r.deliveredPerSecond < offered * 0.9) {
    console.log(`${name} did not keep up with the offered ${perSecond(offered)} deliveries: its latency is queueing, not delivery.`);
  }
}
console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the end (other work on the machine during the run affects every figure).`);

if (rampRates.length) {
  // The highest offered load each carried with p99 under the bound, and the curve behind it.
  const file = measured('file')!;
  const highest = (r: Measured) => Math.max(0, ...r.ramp.filter((p) => p.p99Ms < RAMP_P99_MS && p.deliveredPerSecond >= p.offeredPerSecond * 0.9).map((p) => p.offeredPerSecond));
  console.log(`\nLatency ramp (2 s per rate, alternating; offered deliveries per second → p99):`);
  console.table(
    file.ramp.map((point, i) => ({
      'offered deliveries/s': perSecond(point.offeredPerSecond),
      'one node p99': ms(point.p99Ms),
      'ws fan-out p99': ms(baseline.ramp[i]?.p99Ms ?? NaN),
    })),
  );
  console.log(
    `Highest offered load with p99 under ${RAMP_P99_MS} ms: one node ${perSecond(highest(file))}, ws fan-out ${perSecond(highest(baseline))} (${ratio(highest(file), highest(baseline))}; goal ≥ 0.8×).`,
  );
}

// Connect time with a large directory (BENCH_CONNECT=0 leaves it out): 3,000 agents, 50,000 targets.
if (process.env.BENCH_CONNECT !== '0') console.log(`\n${describeConnect(await connectBench())}`);
