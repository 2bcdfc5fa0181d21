// The chat hub (engine + journal + snapshots, no sockets) driven through whole chats, for the
// durability and memory figures of bench/server/durability.ts. Also its child-process entry:
//   node --import tsx --expose-gc bench/server/hub-workload.ts <mode> <json options>
// prints one JSON line with what the mode measured.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { EngineConfig } from '../../src/engine/types.js';
import { queueDirectory } from '../../test/node/support/queue-directory.js';
import type { Command, CommandResult } from '../../src/engine/types.js';
import { createChatHub, type ChatHub } from '../../server/chat-hub.js';
import { createManualClock, type ManualClock } from '../../server/clock.js';
import { silentLogger } from '../../server/logger.js';

export const AGENTS = 20;
export const CONTACTS = 200;

/** Twenty agents, each with a queue of their own (so a chat's agent is known), and two hundred contacts. */
export const workloadDirectory = () => queueDirectory(AGENTS, CONTACTS);

/** Presence stays Ready after Done, so every chat can be routed without timers. */
export const WORKLOAD_CONFIG: Partial<EngineConfig> = { afterCallWork: { mode: 'none', durationMs: 0 } };

export interface Workload {
  hub: ChatHub;
  clock: ManualClock;
  /** Runs one whole chat until everyone is through with it (so the engine forgets it). */
  finishedChat(messages?: number): void;
  /** Chats started and not finished: `open` of them, each with messages flowing round-robin. */
  message(): void;
  /** The chats open now (filled by `message()`), each with its contact and agent. */
  chats(): { contact: string; agent: string; sessionId: string }[];
  close(): void;
}

export function openWorkload(options: { dataDir?: string; fsync?: boolean; compactEvery?: number; openChats?: number; msPerCommand?: number }): Workload {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const hub = createChatHub({
    directory: workloadDirectory(),
    config: WORKLOAD_CONFIG,
    clock,
    logger: silentLogger,
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    fsync: options.fsync ?? false,
    ...(options.compactEvery !== undefined ? { compactEvery: options.compactEvery } : {}),
  });
  let commandNumber = 0;
  let chatNumber = 0;
  // Simulated time per command: 100 ms puts a history of 10,000 chats past the hour that command ids are kept
  // (resume logs: 15 minutes), so from there on memory shows what grows with history, not the retention window.
  const step = options.msPerCommand ?? 100;
  const run = (actor: string, command: Command): Record<string, string> => {
    let answer: CommandResult | undefined;
    clock.advance(step);
    // Every command carries an id, as the WebSocket server gives each one (its frame id).
    hub.execute(actor, { ...command, commandId: `k${++commandNumber}` }, (result) => (answer = result));
    hub.flush();
    if (!answer?.ok) throw new Error(`${actor} ${command.type}: ${answer && !answer.ok ? answer.error.message : 'no answer'}`);
    return (answer.value ?? {}) as Record<string, string>;
  };
  const start = () => {
    const n = chatNumber++;
    const contact = `contact-${n % CONTACTS}`;
    const agent = `agent-${n % AGENTS}`;
    const { sessionId, invitationId } = run(contact, { type: 'start-chat', subject: `Order ${n}`, targetId: `queue-${n % AGENTS}` });
    run(agent, { type: 'accept-invitation', invitationId: invitationId! });
    return { contact, agent, sessionId: sessionId! };
  };
  const finish = (chat: { contact: string; agent: string; sessionId: string }) => {
    run(chat.agent, { type: 'leave', sessionId: chat.sessionId });
    run(chat.agent, { type: 'mark-done', sessionId: chat.sessionId });
    run(chat.contact, { type: 'leave', sessionId: chat.sessionId });
  };
  const text = 'Thanks, I can see the order here; the parcel left the warehouse this morning.';
  // Steady chat: a fixed number of chats open at once; each finishes after 20 messages and another starts.
  const open: { chat: ReturnType<typeof start>; sent: number }[] = [];
  let turn = 0;
  return {
    hub,
    clock,
    finishedChat(messages = 2) {
      const chat = start();
      for (let m = 0; m < messages; m++) run(m % 2 ? chat.agent : chat.contact, { type: 'send-message', sessionId: chat.sessionId, text });
      finish(chat);
    },
    message() {
      while (open.length < (options.openChats ?? 50)) open.push({ chat: start(), sent: 0 });
      const slot = turn++ % open.length;
      const current = open[slot]!;
      run(current.sent % 2 ? current.chat.agent : current.chat.contact, { type: 'send-message', sessionId: current.chat.sessionId, text });
      if (++current.sent >= 20) {
        finish(current.chat);
        open[slot] = { chat: start(), sent: 0 };
      }
    },
    chats: () => open.map(({ chat }) => ({ ...chat })),
    close: () => hub.close(),
  };
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}

// --- child-process modes ---------------------------------------------------------------
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? '{}');
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  if (mode === 'generate') {
    // Writes `count` finished chats into `dataDir`, printing a line at each of `marks`.
    const w = openWorkload({ dataDir: options.dataDir, compactEvery: options.compactEvery });
    const marks = new Set<number>(options.marks);
    const started = performance.now();
    for (let i = 1; i <= options.count; i++) {
      w.finishedChat();
      // A server's event loop turns between commands; snapshots are written in those turns.
      if (i % 100 === 0) await w.hub.whenCompacted();
      if (marks.has(i)) {
        w.hub.flush();
        await w.hub.whenCompacted();
        print({ sessions: i, ms: performance.now() - started });
        // The parent copies the data directory now; wait for it.
        process.stdin.resume();
        await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
        process.stdin.pause();
      }
    }
    w.close();
    process.stdin.destroy();
  } else if (mode === 'startup') {
    const before = memory();
    const started = performance.now();
    const w = openWorkload({ dataDir: options.dataDir, compactEvery: options.compactEvery });
    const ms = performance.now() - started;
    const after = memory();
    print({ ms, rss: after.rss, heapUsed: after.heapUsed, rssBefore: before.rss, sessions: w.hub.engine.sessionCount() });
    w.close();
  } else if (mode === 'finished') {
    // Memory after each of `marks` finished chats, in memory (no journal), as the process sees it after a GC.
    const w = openWorkload({});
    const marks = new Set<number>(options.marks);
    const last = Math.max(...marks);
    const results: unknown[] = [{ sessions: 0, ...memory() }];
    for (let i = 1; i <= last; i++) {
      w.finishedChat();
      if (marks.has(i)) results.push({ sessions: i, ...memory(), held: w.hub.engine.sessionCount() });
    }
    print(results);
    w.close();
  } else if (mode === 'soak') {
    // Steady chat for `messages` messages (simulated time moves `msPerCommand` per command), memory every `every`.
    const w = openWorkload({ openChats: options.openChats, msPerCommand: options.msPerCommand });
    const samples: unknown[] = [];
    for (let m = 1; m <= options.messages; m++) {
      w.message();
      if (m % options.every === 0) samples.push({ messages: m, ...memory(), simulatedMinutes: (w.clock.now() - Date.UTC(2026, 0, 1)) / 60_000 });
    }
    print(samples);
    w.close();
  } else if (mode === 'throughput') {
    // Messages per second through the hub, `batch` commands per event-loop turn, durable or
    // not: spread over 200 open chats (one chat would reach its transcript cap within a
    // second, and a refusal costs something else), every answer checked.
    const openChats = 200;
    const w = openWorkload({ dataDir: options.dataDir, fsync: options.fsync, compactEvery: 0, openChats });
    for (let i = 0; i < openChats; i++) w.message();
    const chats = w.chats();
    // Each chat stays well under its transcript cap (2,000 entries, 256 KiB: about 950 of these messages).
    const most = chats.length * 800;
    let n = 0;
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < options.seconds * 1000 && sent + options.batch <= most) {
      // Commands that arrive in one turn share one flush; the turn ends with the await.
      await new Promise<void>((resolve, reject) => {
        let answered = 0;
        for (let b = 0; b < options.batch; b++) {
          const i = n++;
          const chat = chats[i % chats.length]!;
          const actor = Math.floor(i / chats.length) % 2 ? chat.agent : chat.contact;
          const command: Command = { type: 'send-message', sessionId: chat.sessionId, text: 'A message of ordinary length, about eighty characters long.', commandId: `t${i}` };
          w.hub.execute(actor, command, (result) => {
            if (!result.ok) reject(new Error(`${actor} send-message: ${result.error.message}`));
            else if (++answered === options.batch) resolve();
          });
        }
      });
      sent += options.batch;
    }
    print({ perSecond: sent / ((performance.now() - started) / 1000), sent });
    w.close();
  } else {
    console.error(`unknown mode ${mode}`);
    process.exit(2);
  }
}
