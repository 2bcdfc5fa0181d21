// How long a compaction holds the event loop, by state size: the snapshot written in the
// background (capture, then ~1 ms slices; what `npm run server` does) beside the way it was
// written before, all at once on the event loop (serialise the whole state, write, fsync), on
// the same state in the same run. Run by bench/server/durability.ts (so by `npm run bench`),
// or alone: `node --import tsx --expose-gc bench/server/compaction.ts`.
// BENCH_COMPACTION_MB (25,100) sets the state sizes, in MB of snapshot.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { CommandResult } from '../../src/engine/types.js';
import { createChatHub } from '../../server/chat-hub.js';
import { countCollections } from './collections.js';
import { queueDirectory } from '../../test/node/support/queue-directory.js';
import { createManualClock } from '../../server/clock.js';
import type { LogEntry } from '../../server/logger.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotFileText, writeSnapshotFile } from '../../server/snapshot-file.js';

const sizes = (process.env.BENCH_COMPACTION_MB ?? '25,100').split(',').map(Number);
if (!sizes.every((mb) => mb > 0)) throw new RangeError('BENCH_COMPACTION_MB must list sizes in MB, such as 25,100.');

const AGENTS = 50;
const CONTACTS = 2000;
const directory = queueDirectory(AGENTS, CONTACTS, 100);

const dataDir = mkdtempSync(join(tmpdir(), 'wc-bench-compaction-'));
const logs: LogEntry[] = [];
const clock = createManualClock(Date.UTC(2026, 0, 1));
const hub = createChatHub({
  directory,
  config: { afterCallWork: { mode: 'none', durationMs: 0 } },
  clock,
  logger: (entry) => logs.push(entry),
  dataDir,
  compactEvery: 0,
});
const run = (actor: string, command: Parameters<typeof hub.execute>[1]): Record<string, string> => {
  let answer: CommandResult | undefined;
  clock.advance(10);
  hub.execute(actor, command, (result) => (answer = result));
  // Answered once the turn's journal write is done: now.
  hub.flush();
  if (!answer?.ok) throw new Error(`${actor} ${command.type}: ${answer && !answer.ok ? answer.error.message : 'no answer'}`);
  return (answer.value ?? {}) as Record<string, string>;
};

// Chats as the latency bench's grow: three parties, messages of about 200 characters, each
// transcript up to the engine's cap (256 KiB), so the state is many sessions of that size.
const text = 'Thanks, I can see the order here; the parcel left the warehouse this morning and should reach you tomorrow before noon. '.repeat(2).slice(0, 200);
let chats = 0;
let snapshotBytes = 0;
function grow(toBytes: number): void {
  while (snapshotBytes < toBytes) {
    const c = chats++;
    const contact = `contact-${c % CONTACTS}`;
    const agent = `agent-${c % AGENTS}`;
    const { sessionId, invitationId } = run(contact, { type: 'start-chat', subject: `Order ${c}`, targetId: `queue-${c % AGENTS}` });
    run(agent, { type: 'accept-invitation', invitationId: invitationId! });
    for (let m = 0; m < 1000; m++) {
      let answer: CommandResult | undefined;
      // With a command id, as the WebSocket server gives each command (its frame id): the answers are remembered too.
      hub.execute(m % 2 ? agent : contact, { type: 'send-message', sessionId: sessionId!, text: `${m} ${text}`, commandId: `${c}-${m}` }, (result) => (answer = result));
      hub.flush();
      if (!answer?.ok) break; // the transcript is full
    }
    // About 280 KB of snapshot per full chat.
    snapshotBytes += 280_000;
  }
}

interface Row {
  state: string;
  sessions: number;
  'all at once (before): held': string;
  'in the background: longest hold': string;
  'longest event-loop delay seen': string;
  ratio: string;
  'background: total / slices': string;
  'background: major collections': string;
}
const rows: Row[] = [];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

try {
  for (const size of sizes) {
    grow(size * 1024 * 1024);
    (globalThis as { gc?: () => void }).gc?.();
    // Before: the whole state serialised and written, fsynced and renamed on the event loop.
    const head = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      epoch: hub.epoch,
      ids: '',
      idCounter: 0,
      at: clock.now(),
      createdAt: clock.now(),
      segment: 0,
      config: hub.engine.config,
      directory: '',
    } as const;
    const started = performance.now();
    const bytes = writeSnapshotFile(join(dataDir, 'blocking-snapshot.json'), snapshotFileText(head, hub.engine.exportStateJson()));
    const blockingMs = performance.now() - started;
    rmSync(join(dataDir, 'blocking-snapshot.json'));
    (globalThis as { gc?: () => void }).gc?.();

    // After: the hub's compaction, with a 1 ms timer measuring how late the event loop answers.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    // The snapshot's garbage should die young: text that reaches the old generation brings mark-compacts, whose pauses are the event loop's.
    const major = countCollections(constants.NODE_PERFORMANCE_GC_MAJOR);
    logs.length = 0;
    await hub.compact();
    delay.disable();
    await major.stop();
    const compacted = logs.find((l) => l.event === 'compacted');
    if (!compacted) throw new Error(`the compaction failed: ${JSON.stringify(logs)}`);
    const longest = compacted.longestHoldMs as number;
    rows.push({
      state: mb(bytes),
      sessions: hub.engine.sessionCount(),
      'all at once (before): held': ms(blockingMs),
      'in the background: longest hold': ms(longest),
      'longest event-loop delay seen': ms(delay.max / 1e6),
      ratio: `${(longest / blockingMs).toFixed(4)}×`,
      'background: total / slices': `${ms(compacted.ms as number)} / ${String(compacted.slices)}`,
      'background: major collections': `${major.count} (${ms(major.ms)})`,
    });
  }
  console.log('\nCompaction: how long the event loop is held, by state size (before: serialise, write and fsync all at once; now: capture, then slices in the background)\n');
  console.table(rows);
  console.log(
    '(longest hold: the longest stretch of the compaction on the event loop (the capture, or one slice); the delay: how late a 1 ms timer fired, which includes garbage collection)',
  );
  console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the end.`);
} finally {
  hub.close();
  rmSync(dataDir, { recursive: true, force: true });
}
