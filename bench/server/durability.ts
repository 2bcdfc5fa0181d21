// Durability and memory figures of the chat hub, each beside a baseline from the same run:
//   - start-up time after 10k and after 100k finished sessions (with compaction), beside an empty data directory;
//   - memory per 1,000 finished sessions, beside the process after 100;
//   - a soak of steady chat: memory after warm-up and at the end;
//   - commands per second with fsync (one flush per command, and group commit), beside no fsync;
//   - how long a compaction holds the event loop by state size, beside writing the snapshot all at once (bench/server/compaction.ts).
// Run by `npm run bench` after the server figure, or alone: `node --import tsx bench/server/durability.ts`.
// BENCH_DURABILITY_SESSIONS (100000) scales the history; each part runs in a fresh child process.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const big = Math.floor(Number(process.env.BENCH_DURABILITY_SESSIONS ?? 100_000));
const small = Math.max(1, Math.floor(big / 10));
if (!(big >= 10)) throw new RangeError('BENCH_DURABILITY_SESSIONS must be at least 10.');
const workload = fileURLToPath(new URL('./hub-workload.ts', import.meta.url));

/** Runs a workload mode in a child process; answers the JSON lines it printed (and lets it wait at marks). */
function child(mode: string, options: object, onLine?: (value: unknown) => void): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', workload, mode, JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines: unknown[] = [];
    let buffered = '';
    proc.stdout.on('data', (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const value = JSON.parse(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
        lines.push(value);
        onLine?.(value);
        if (mode === 'generate') proc.stdin.write('go\n');
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`${mode} exited with ${code}`))));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const ratio = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a');
const count = (n: number) => n.toLocaleString('en');

const root = mkdtempSync(join(tmpdir(), 'wc-bench-durability-'));
try {
  // --- start-up after a long history ------------------------------------------------------
  const empty = join(root, 'empty');
  const live = join(root, 'live');
  const atSmall = join(root, `after-${small}`);
  console.log(`\nDurability and memory (chat hub in a child process: engine, journal and snapshots, no sockets)\n`);
  console.log(`Writing ${count(big)} finished chats (start, accept, 2 messages, End, Done, contact closes) with compaction every 10,000 entries…`);
  const generated = await child('generate', { dataDir: live, count: big, marks: [small, big] }, (line) => {
    const { sessions } = line as { sessions: number };
    if (sessions === small) cpSync(live, atSmall, { recursive: true });
  });
  const writeMs = (generated.at(-1) as { ms: number }).ms;
  const startup = async (dataDir: string, compactEvery?: number, times = 3) => {
    const runs: { ms: number; rss: number }[] = [];
    for (let i = 0; i < times; i++) {
      if (dataDir === empty) rmSync(empty, { recursive: true, force: true });
      runs.push((await child('startup', { dataDir, ...(compactEvery !== undefined ? { compactEvery } : {}) }))[0] as { ms: number; rss: number });
    }
    return { ms: median(runs.map((r) => r.ms)), rss: median(runs.map((r) => r.rss)) };
  };
  const base = await startup(empty);
  const s10 = await startup(atSmall);
  const s100 = await startup(live);
  console.table([
    { figure: `start-up after ${count(small)} finished sessions`, value: ms(s10.ms), baseline: `empty data dir: ${ms(base.ms)}`, ratio: ratio(s10.ms, base.ms) },
    { figure: `start-up after ${count(big)} finished sessions`, value: ms(s100.ms), baseline: `after ${count(small)}: ${ms(s10.ms)}`, ratio: ratio(s100.ms, s10.ms) },
    { figure: `RSS after start-up, ${count(big)} finished`, value: mb(s100.rss), baseline: `empty data dir: ${mb(base.rss)}`, ratio: ratio(s100.rss, base.rss) },
  ]);
  console.log(`(writing the ${count(big)} chats took ${(writeMs / 1000).toFixed(1)} s: ${count(Math.round((big * 7) / (writeMs / 1000)))} commands/s without fsync)\n`);

  // --- replay without compaction: linear in the journal ---------------------------------------
  const plain = join(root, 'uncompacted');
  const plainSmall = join(root, `uncompacted-${small}`);
  console.log(`Writing the same ${count(big)} chats again without compaction, to time a full replay…`);
  await child('generate', { dataDir: plain, count: big, marks: [small, big], compactEvery: 0 }, (line) => {
    if ((line as { sessions: number }).sessions === small) cpSync(plain, plainSmall, { recursive: true });
  });
  // Once each: a full replay of the long journal takes tens of seconds.
  const r10 = await startup(plainSmall, 0, 1);
  const r100 = await startup(plain, 0, 1);
  rmSync(plain, { recursive: true, force: true });
  rmSync(plainSmall, { recursive: true, force: true });
  const perThousandEntries = (ms: number, sessions: number) => `${((ms / (sessions * 7)) * 1000).toFixed(1)} ms per 1,000 entries`;
  console.table([
    { figure: `full replay of ${count(big * 7)} entries (${count(big)} chats)`, value: ms(r100.ms), baseline: `${count(small * 7)} entries: ${ms(r10.ms)}`, ratio: ratio(r100.ms, r10.ms) },
    { figure: 'replay cost per entry', value: perThousandEntries(r100.ms, big), baseline: perThousandEntries(r10.ms, small), ratio: ratio(r100.ms / big, r10.ms / small) },
  ]);
  console.log('(a ratio near 10× for ten times the entries is linear; compaction keeps start-up to the first table)\n');

  // --- memory per finished session ------------------------------------------------------------
  const marks = [100, 1000, small, big].filter((m, i, all) => all.indexOf(m) === i).sort((a, b) => a - b);
  const finished = (await child('finished', { marks }))[0] as { sessions: number; rss: number; heapUsed: number; held: number }[];
  const at = (n: number) => finished.find((f) => f.sessions === n)!;
  // From `small` on, the last hour of traffic (resume logs, command ids) is a full window: what grows after that is what leaks.
  const first = at(small);
  const last = at(big);
  const perThousand = (key: 'rss' | 'heapUsed') => (last[key] - first[key]) / ((big - small) / 1000);
  console.table([
    { figure: `RSS per 1,000 finished sessions (${count(small)} → ${count(big)})`, value: kb(perThousand('rss')), baseline: `RSS after 100: ${mb(at(100).rss)}`, ratio: ratio(perThousand('rss'), at(100).rss) },
    { figure: `heap per 1,000 finished sessions`, value: kb(perThousand('heapUsed')), baseline: `heap after 100: ${mb(at(100).heapUsed)}`, ratio: ratio(perThousand('heapUsed'), at(100).heapUsed) },
    { figure: `heap after ${count(small)} finished sessions`, value: mb(first.heapUsed), baseline: `after 100: ${mb(at(100).heapUsed)}`, ratio: ratio(first.heapUsed, at(100).heapUsed) },
    { figure: `heap after ${count(big)} finished sessions`, value: mb(last.heapUsed), baseline: `after ${count(small)}: ${mb(first.heapUsed)}`, ratio: ratio(last.heapUsed, first.heapUsed) },
    { figure: `RSS after ${count(big)} finished sessions`, value: mb(last.rss), baseline: `after ${count(small)}: ${mb(first.rss)}`, ratio: ratio(last.rss, first.rss) },
    { figure: `sessions held after ${count(big)} finished`, value: String(last.held), baseline: 'after 100: ' + String(at(100).held), ratio: '' },
  ]);

  // --- soak: steady chat ------------------------------------------------------------------
  const messages = Number(process.env.BENCH_SOAK_MESSAGES ?? 120_000);
  // Whole messages: the workload samples when the message count is a multiple of it.
  const every = Math.max(1, Math.round(messages / 12));
  const soak = (await child('soak', { messages, every, openChats: 50, msPerCommand: 250 }))[0] as {
    messages: number;
    rss: number;
    heapUsed: number;
    simulatedMinutes: number;
  }[];
  // Warm-up: the first simulated 90 minutes fill the resume logs (15 min) and command ids (1 h) to their age bounds.
  const warm = soak.find((s) => s.simulatedMinutes >= 90) ?? soak[Math.floor(soak.length / 2)]!;
  const end = soak.at(-1)!;
  console.log(`\nSoak: ${count(messages)} messages in 50 open chats (each ends after 20 messages and another starts), simulated time ${Math.round(end.simulatedMinutes)} min`);
  console.table(soak.map((s) => ({ messages: count(s.messages), 'simulated min': Math.round(s.simulatedMinutes), rss: mb(s.rss), heap: mb(s.heapUsed) })));
  console.table([
    { figure: `heap at the end (${count(end.messages)} messages)`, value: mb(end.heapUsed), baseline: `after warm-up (${count(warm.messages)}): ${mb(warm.heapUsed)}`, ratio: ratio(end.heapUsed, warm.heapUsed) },
    { figure: 'RSS at the end', value: mb(end.rss), baseline: `after warm-up: ${mb(warm.rss)}`, ratio: ratio(end.rss, warm.rss) },
    {
      figure: 'heap growth per 1,000 messages after warm-up',
      value: kb(((end.heapUsed - warm.heapUsed) / Math.max(1, end.messages - warm.messages)) * 1000),
      baseline: '',
      ratio: '',
    },
  ]);

  // --- what fsync costs ---------------------------------------------------------------------
  const seconds = Number(process.env.BENCH_FSYNC_SECONDS ?? 3);
  const throughput = async (fsync: boolean, batch: number) => {
    const dataDir = join(root, `throughput-${fsync}-${batch}`);
    const [line] = (await child('throughput', { dataDir, fsync, batch, seconds })) as { perSecond: number }[];
    rmSync(dataDir, { recursive: true, force: true });
    return line!.perSecond;
  };
  const relaxed = await throughput(false, 1);
  const perCommand = await throughput(true, 1);
  const grouped = await throughput(true, 50);
  const rate = (n: number) => `${count(Math.round(n))} cmd/s`;
  console.log(`\nMessages through the hub on ${tmpdir()} (the data directory's disk decides these):`);
  console.table([
    { figure: 'fsync, one command per turn (a flush each)', value: rate(perCommand), baseline: `no fsync: ${rate(relaxed)}`, ratio: ratio(perCommand, relaxed) },
    { figure: 'fsync, 50 commands per turn (group commit)', value: rate(grouped), baseline: `no fsync: ${rate(relaxed)}`, ratio: ratio(grouped, relaxed) },
  ]);
  console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the end.`);

  // --- compaction: the event loop held, by state size --------------------------------------
  const compaction = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(new URL('./compaction.ts', import.meta.url))], { stdio: 'inherit' });
  if (compaction.status !== 0) throw new Error(`the compaction bench exited with ${compaction.status}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
