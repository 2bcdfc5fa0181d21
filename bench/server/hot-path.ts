// The server's per-message work without sockets, for comparing changes to the hot path: the
// server benchmark's 1,000 three-party sessions on one hub with its journal (fsync off), each
// message arriving as a client frame's text (decoded and checked as a connection does) and
// its events and result leaving as the WebSocket frames a connection would write (built, then
// dropped). What `ws` and the kernel add is left out, and so is the load generator: on a
// two-core machine the server benchmark's CPU figures move by 10–30 % between runs, this by a
// few per cent between back-to-back runs. Prints the process's CPU per message (every thread; user, system) and its
// young-generation collections.
//   node --max-semi-space-size=64 --import tsx bench/server/hot-path.ts [messages] [--relay] [--no-compaction] [--heap-snapshot=<file>]
// (`--relay`: the bare relay's work for each frame instead, on the same loop; `--no-compaction`: no snapshots;
// `--heap-snapshot=<file>`, with `node --expose-gc`: the heap left after the run, written to <file>.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import type { Command, CommandResult } from '../../src/engine/types.js';
import { decodeFrame, encodeFrame, parseClientFrame } from '../../src/protocol/index.js';
import { engineCommandSchemas } from '../../src/protocol/commands.js';
import { createChatHub } from '../../server/chat-hub.js';
import { frameCommand } from '../../server/connection.js';
import { systemClock } from '../../server/clock.js';
import { encodedEventFrame, textFrames, type EventFrame } from '../../server/websocket-frames.js';
import { countCollections } from './collections.js';
import { relayCommand, type RelayContext, type RelayGroup } from './echo-server.js';
import { benchPlan, nameOf, roleOf } from './plan.js';

const messages = Number(process.argv[2] ?? 60_000);
const warmUp = Math.min(20_000, messages / 2);
const plan = benchPlan(1000);
const dataDir = mkdtempSync(join(tmpdir(), 'wc-hot-path-'));
const compactions: { bytes: number; ms: number; heldMs?: number }[] = [];
const hub = createChatHub({
  directory: plan.directory,
  clock: systemClock,
  logger: (entry) => {
    if (entry.event === 'compacted') compactions.push(entry as unknown as { bytes: number; ms: number; heldMs?: number });
  },
  dataDir,
  // `--no-compaction`: no snapshots, so what they cost shows against a run with them.
  ...(process.argv.includes('--no-compaction') ? { compactEvery: 0 } : {}),
  config: { inviteTimeoutMs: 600_000, routingTimeoutMs: 600_000 },
});
const schemas = engineCommandSchemas(hub.engine.config);

/** A user's frames of this turn, written at its end as one buffer, as a connection does. */
const queued = new Map<string, (string | EventFrame)[]>();
/** Users written to this turn. */
let writtenTo: (string | EventFrame)[][] = [];
let written = 0;
const queue = (userId: string, frame: string | EventFrame) => {
  let frames = queued.get(userId);
  if (!frames) queued.set(userId, (frames = []));
  if (frames.length === 0) writtenTo.push(frames);
  frames.push(frame);
};
const sendAll = () => {
  const lists = writtenTo;
  writtenTo = [];
  for (const frames of lists) {
    written += textFrames(frames).length;
    frames.length = 0;
  }
};

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
async function command(actor: string, command: Command): Promise<Record<string, string>> {
  let answer: CommandResult | undefined;
  hub.execute(actor, command, (result) => (answer = result));
  while (!answer) await turn();
  if (!answer.ok) throw new Error(`${actor} ${command.type}: ${answer.error.message}`);
  return (answer.value ?? {}) as Record<string, string>;
}

const sessions: { members: string[]; sessionId: string }[] = [];
for (const s of plan.sessions) {
  for (const userId of [s.contact, s.first, s.second]) {
    hub.attach(userId, {
      deliver: () => {},
      deliverEncoded: (epoch, position, body) => queue(userId, encodedEventFrame(epoch, position, body)),
    });
  }
  const { sessionId, invitationId } = await command(s.contact, { type: 'start-chat', subject: `Bench chat ${s.index + 1}`, targetId: s.queue });
  await command(s.first, { type: 'accept-invitation', invitationId: invitationId! });
  const { invitationId: conference } = await command(s.first, { type: 'invite', sessionId: sessionId!, kind: 'conference', targetId: s.second });
  await command(s.second, { type: 'accept-invitation', invitationId: conference! });
  sessions.push({ members: [s.contact, s.first, s.second], sessionId: sessionId! });
}
sendAll();

const filler = ' The parcel left the warehouse this morning and should arrive on Thursday.';
let frameId = 0;
let counting = false;
const scavenges = countCollections(constants.NODE_PERFORMANCE_GC_MINOR, () => counting);

/** `--relay`: the bare relay's work for the same frames (bench/server/echo-server.ts): parse, then `relayCommand`. */
const relay = process.argv.includes('--relay');
let relayIds = 0;
const relayContext: RelayContext = {
  epoch: hub.epoch,
  names: nameOf(plan.directory),
  roles: roleOf(plan.sessions),
  nextId: () => `ab12-${(++relayIds).toString(36)}`,
};
const relayGroups = new Map(
  sessions.map(({ members, sessionId }): [string, RelayGroup] => [
    sessionId,
    { sessionId, seq: 0, members: members.map((userId) => ({ userId, position: 0, socket: { send: (text: string) => queue(userId, text) } })) },
  ]),
);
function relayMessage(sender: string, sessionId: string, text: string): void {
  const group = relayGroups.get(sessionId)!;
  relayCommand(relayContext, group, group.members.find((m) => m.userId === sender)!, JSON.parse(text));
}

async function send(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const session = sessions[i % sessions.length]!;
    const sender = session.members[Math.floor(i / sessions.length) % 3]!;
    const id = `f${++frameId}`;
    const text = `{"type":"command","id":"${id}","command":{"type":"send-message","sessionId":"${session.sessionId}","text":${JSON.stringify(`${frameId}${filler}`.slice(0, 80))},"clientMessageId":"m${frameId}"}}`;
    if (relay) {
      relayMessage(sender, session.sessionId, text);
    } else {
      // What a connection does with a command frame (server/connection.ts).
      const decoded = decodeFrame(text, 65_536);
      const parsed = decoded.ok ? parseClientFrame(decoded.value, schemas) : decoded;
      if (!parsed.ok || parsed.value.type !== 'command') throw new Error('the frame was refused');
      const frame = parsed.value;
      hub.execute(sender, frameCommand(frame), (result) => queue(sender, encodeFrame({ type: 'result', id: frame.id, result })));
    }
    // One message per turn of the event loop, as at the benchmark's rate.
    await turn();
    sendAll();
  }
}

await send(warmUp);
counting = true;
const before = process.cpuUsage();
await send(messages);
const used = process.cpuUsage(before);
counting = false;
const per = (us: number) => `${(us / messages).toFixed(1)} µs`;
console.log(
  `${relay ? 'relay' : 'chat'}, ${messages} messages: CPU ${per(used.user + used.system)} per message (user ${per(used.user)}, system ${per(used.system)}); ` +
    `${scavenges.count} scavenges, ${scavenges.ms.toFixed(0)} ms; ${(written / 1e6).toFixed(0)} MB of frames`,
);
// With --expose-gc: what the run left in the heap (the state of 1,000 chats that never end, the resume logs, the answers).
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  gc();
  console.log(`heap after a full collection: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
  // --heap-snapshot=<file>: that heap, for counting what each message leaves (objects and bytes by kind).
  const snapshotFile = process.argv.find((arg) => arg.startsWith('--heap-snapshot='))?.slice('--heap-snapshot='.length);
  if (snapshotFile) console.log(`heap snapshot: ${writeHeapSnapshot(snapshotFile)}`);
}
if (compactions.length > 0) {
  const mb = compactions.reduce((sum, c) => sum + c.bytes, 0) / 1e6;
  console.log(`${compactions.length} snapshots in all, ${mb.toFixed(0)} MB, the event loop held ${compactions.reduce((sum, c) => sum + (c.heldMs ?? 0), 0).toFixed(0)} ms`);
}
await scavenges.stop();
await hub.close();
rmSync(dataDir, { recursive: true, force: true });
