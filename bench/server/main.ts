// Server benchmark: messages delivered per second and delivery latency (p50/p99) with
// 1,000 concurrent three-party sessions on loopback, beside a bare `ws` fan-out relay of the
// same frames measured the same way in the same run. Run by `npm run bench` after the
// browser figures, or alone: `node --import tsx bench/server/main.ts`.
//
// This process hosts the server under test (first the baseline relay, then the chat
// server); the 3,000 clients run in a child process (bench/server/load.ts) so that, on a
// two-core machine, server and clients each have a core. Everything listens on 127.0.0.1
// on free ports, stops by itself and closes every socket.
import { execFileSync, fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createToken } from '../../server/auth.js';
import { createChatServer } from '../../server/create-server.js';
import type { LogEntry } from '../../server/logger.js';
import { createEchoServer } from './echo-server.js';
import type { LoadReport, LoadRequest } from './load.js';
import { benchPlan, nameOf, type ParticipantPlan } from './plan.js';

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
  drainSeconds: 10,
  textLength: 80,
};

/** Each process holds one socket per participant plus a few files of its own. */
function sessionsThatFit(wanted: number): number {
  let limit = Infinity;
  try {
    const answer = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    if (answer !== 'unlimited') limit = Number(answer);
  } catch {
    return wanted;
  }
  const fit = Math.floor((limit - 200) / 3);
  if (fit >= wanted) return wanted;
  console.warn(`Open-file limit ${limit} fits ${fit} sessions, not ${wanted}: measuring ${fit}. Raise it with \`ulimit -n 4096\` first.`);
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

/** What the server process spent during the measured window. */
interface ServerCost {
  cpuMs: number;
  /** Share of the window the event loop was busy (1 = saturated). */
  utilization: number;
}

async function load(mode: LoadRequest['mode'], wsUrl: string): Promise<LoadReport & ServerCost> {
  let cpu: NodeJS.CpuUsage | undefined;
  let elu: EventLoopUtilization | undefined;
  const cost: ServerCost = { cpuMs: NaN, utilization: NaN };
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const budgetMs = (120 + settings.warmupSeconds + settings.seconds + settings.drainSeconds) * 1000;
  const request: LoadRequest = { type: 'run', mode, wsUrl, sessions: plan.sessions, participants, ...settings };
  try {
    const report = await new Promise<LoadReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The ${mode} load did not finish within ${budgetMs / 1000} s.`)), budgetMs);
      child.on('message', (message: LoadReport | { type: 'failed'; message: string } | { type: 'phase'; phase: 'measure' | 'drain' }) => {
        if (message.type === 'phase') {
          if (message.phase === 'measure') {
            cpu = process.cpuUsage();
            elu = performance.eventLoopUtilization();
          } else if (cpu && elu) {
            const used = process.cpuUsage(cpu);
            cost.cpuMs = (used.user + used.system) / 1000;
            cost.utilization = performance.eventLoopUtilization(elu).utilization;
          }
          if (mode === 'chat') void profile(message.phase);
          return;
        }
        clearTimeout(timer);
        if (message.type === 'report') resolve(message);
        else reject(new Error(`The ${mode} load failed: ${message.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The ${mode} load generator exited with ${code} before reporting.`));
      });
      child.send(request);
    });
    return { ...report, ...cost };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * BENCH_SERVER_PROFILE=<file.cpuprofile> records a CPU profile of this process (the chat
 * server) during the load only, leaving out start-up, connections and setup.
 */
let profiler: Session | undefined;
async function profile(phase: 'measure' | 'drain'): Promise<void> {
  const file = process.env.BENCH_SERVER_PROFILE;
  if (!file) return;
  if (phase === 'measure') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (profiler) {
    const { profile: recorded } = await profiler.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(recorded));
    profiler.disconnect();
    profiler = undefined;
    console.log(`CPU profile of the chat server under load: ${file}`);
  }
}

async function measureBaseline(): Promise<LoadReport & ServerCost> {
  const sessionOf = new Map<string, string>();
  const roles = new Map<string, 'agent' | 'contact'>();
  for (const p of participants) {
    sessionOf.set(p.userId, `s-${p.session}`);
    roles.set(p.userId, p.role);
  }
  const echo = await createEchoServer({ sessionOf, names, roles });
  try {
    return await load('echo', echo.wsUrl);
  } finally {
    await echo.close();
  }
}

async function measureChatServer(): Promise<{ report: LoadReport & ServerCost; warnings: Record<string, number> }> {
  // The embedded default as `npm start` runs it: write-ahead journal on disk (no fsync).
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-bench-'));
  const warnings: Record<string, number> = {};
  const server = await createChatServer({
    secret,
    dataDir,
    directory: plan.directory,
    // The default allows 30 messages per 10 s per connection; the load sends more.
    limits: { messagesPerWindow: 1_000_000, windowMs: 1000, burst: 1_000_000 },
    // Nothing may time out while a thousand sessions are being set up.
    config: { inviteTimeoutMs: 600_000, routingTimeoutMs: 600_000 },
    logger: (entry: LogEntry) => {
      if (entry.level !== 'info') warnings[entry.event] = (warnings[entry.event] ?? 0) + 1;
    },
  });
  try {
    return { report: await load('chat', server.wsUrl), warnings };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const baseline = await measureBaseline();
const { report: chat, warnings } = await measureChatServer();

const ms = (value: number) => `${value.toFixed(2)} ms`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} msg/s`;
const micros = (value: number) => `${value.toFixed(1)} µs`;
const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
/** Server process CPU (user + system) per message sent in the measured window: less sensitive to other load on the machine than wall-clock figures. */
const cpuPerMessage = (r: LoadReport & ServerCost) => (r.cpuMs * 1000) / Math.max(1, r.sent);
const ratio = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(1)}×` : 'n/a');
const label = `${sessionCount.toLocaleString('en')} three-party sessions`;

console.log(`\nServer benchmark (loopback, ${label}, ${participants.length.toLocaleString('en')} WebSockets, clients in a child process)\n`);
console.log(
  `Each participant sends ${settings.ratePerParticipant} message/s (${(participants.length * settings.ratePerParticipant).toLocaleString('en')} msg/s offered), ` +
    `${settings.textLength}-character texts; ${settings.warmupSeconds} s warm-up, then ${settings.seconds} s measured. ` +
    `A delivery is one message reaching one of the other two members.\n`,
);
console.table([
  { figure: `server: deliveries per second (${label})`, value: perSecond(chat.deliveredPerSecond), baseline: `ws fan-out: ${perSecond(baseline.deliveredPerSecond)}`, ratio: ratio(chat.deliveredPerSecond, baseline.deliveredPerSecond) },
  { figure: 'server: delivery latency p50', value: ms(chat.p50Ms), baseline: `ws fan-out: ${ms(baseline.p50Ms)}`, ratio: ratio(chat.p50Ms, baseline.p50Ms) },
  { figure: 'server: delivery latency p99', value: ms(chat.p99Ms), baseline: `ws fan-out: ${ms(baseline.p99Ms)}`, ratio: ratio(chat.p99Ms, baseline.p99Ms) },
  { figure: 'server: CPU time per message sent', value: micros(cpuPerMessage(chat)), baseline: `ws fan-out: ${micros(cpuPerMessage(baseline))}`, ratio: ratio(cpuPerMessage(chat), cpuPerMessage(baseline)) },
  { figure: 'server: event loop busy', value: percent(chat.utilization), baseline: `ws fan-out: ${percent(baseline.utilization)}`, ratio: ratio(chat.utilization, baseline.utilization) },
]);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const details = (name: string, r: LoadReport & ServerCost) =>
  `${name}: connect ${(r.connectMs / 1000).toFixed(1)} s (first frame: contacts ${kb(r.meanFirstFrameBytes.contact)}, agents ${kb(r.meanFirstFrameBytes.agent)}), ` +
  `setup ${(r.setupMs / 1000).toFixed(1)} s; ` +
  `${r.received.toLocaleString('en')}/${r.expected.toLocaleString('en')} measured deliveries arrived (max ${ms(r.maxMs)}); ` +
  `entry-added frames ${Math.round(r.meanEventBytes)} B on average` +
  (Object.keys(r.errors).length ? `; refused: ${JSON.stringify(r.errors)}` : '') +
  (r.closedEarly ? `; ${r.closedEarly} sockets closed early` : '');
console.log(details('chat server', chat));
if (Object.keys(warnings).length) console.log(`chat server warnings: ${JSON.stringify(warnings)}`);
console.log(details('ws fan-out', baseline));
const offered = participants.length * settings.ratePerParticipant * 2;
for (const [name, r] of [
  ['chat server', chat],
  ['ws fan-out', baseline],
] as const) {
  if (r.received < r.expected || r.deliveredPerSecond < offered * 0.95) {
    console.log(`${name} did not keep up with the offered ${perSecond(offered)} deliveries: its latency is queueing, not delivery.`);
  }
}
console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the end (other work on the machine during the run affects both figures).`);
