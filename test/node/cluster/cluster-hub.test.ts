import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../server/clock.js';
import { ClusterStartError, createClusterHub, type ClusterHub } from '../../../server/cluster/cluster-hub.js';
import type { LogEntry } from '../../../server/logger.js';
import type { Command, CommandResult } from '../../../src/engine/types.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import type { StreamEvent } from '../../../src/transport/types.js';
import { startRedis, type TestRedis } from './redis-harness.js';

const WAIT_MS = 5000;

/** One user's stream as a subscriber of a hub sees it. */
class Viewer {
  readonly events: StreamEvent[] = [];
  private waiters: Array<() => void> = [];
  deliver = (event: StreamEvent) => {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  };
  async waitFor(what: string, test: (event: StreamEvent) => boolean): Promise<StreamEvent> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.events.find(test);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}; saw ${this.events.map((e) => e.event.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }
  get last() {
    return this.events.at(-1)!;
  }
}

let redis: TestRedis;
let cluster = 0;
const logs: LogEntry[] = [];

async function nodes(count: number, more: { inviteTimeoutMs?: number; tickerLeaseMs?: number; compactEvery?: number; prefix?: string; first?: number } = {}): Promise<ClusterHub[]> {
  const prefix = more.prefix ?? `c${++cluster}:`;
  const hubs: ClusterHub[] = [];
  for (let i = 0; i < count; i++) {
    hubs.push(
      await createClusterHub({
        redisUrl: redis.url,
        prefix,
        nodeId: `n${i + (more.first ?? 1)}`,
        directory: seedDirectory(),
        ...(more.inviteTimeoutMs ? { config: { inviteTimeoutMs: more.inviteTimeoutMs } } : {}),
        clock: systemClock,
        logger: (entry) => logs.push(entry),
        ...(more.tickerLeaseMs ? { tickerLeaseMs: more.tickerLeaseMs } : {}),
        ...(more.compactEvery ? { compactEvery: more.compactEvery } : {}),
      }),
    );
  }
  return hubs;
}

type Value = NonNullable<Extract<CommandResult, { ok: true }>['value']>;
type Loose = { [K in keyof Command]?: unknown } & { type: Command['type']; [field: string]: unknown };

async function ok(hub: ClusterHub, actor: string, command: Loose): Promise<Value> {
  const result = await hub.run(actor, { commandId: `${actor}-${Math.random().toString(36).slice(2)}`, ...command } as Command);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value ?? {};
}

describe('cluster hub: engine replicas over one Redis log', { timeout: 60_000 }, () => {
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });

  it('users on different nodes chat; every node holds the same state and positions', async () => {
    const [a, b] = await nodes(2);
    try {
      const avril = new Viewer();
      const kate = new Viewer();
      await a!.attach('avril', avril);
      await b!.attach('kate', kate);
      const started = (await ok(a!, 'avril', { type: 'start-chat', subject: 'Help' }));
      await kate.waitFor('the chat invitation', (e) => e.event.type === 'invitation-updated');
      await ok(b!, 'kate', { type: 'accept-invitation', invitationId: started.invitationId! });
      await ok(a!, 'avril', { type: 'send-message', sessionId: started.sessionId!, text: 'hello from node 1' });
      await kate.waitFor('Avril\'s message', (e) => e.event.type === 'entry-added' && e.event.entry.text === 'hello from node 1');
      await ok(b!, 'kate', { type: 'send-message', sessionId: started.sessionId!, text: 'hello from node 2' });
      await avril.waitFor('Kate\'s message', (e) => e.event.type === 'entry-added' && e.event.entry.text === 'hello from node 2');
      assert.equal(a!.applied, b!.applied, 'both replicas applied the same inputs');
      for (const user of ['avril', 'kate', 'jim']) {
        assert.equal(a!.engine.position(user), b!.engine.position(user), `${user}'s position`);
        assert.deepEqual(a!.engine.snapshot(user), b!.engine.snapshot(user), `${user}'s snapshot`);
      }
      for (const viewer of [avril, kate]) {
        for (let i = 1; i < viewer.events.length; i++) assert.equal(viewer.events[i]!.position, viewer.events[i - 1]!.position + 1);
      }
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('a user resumes on another node from the position the first node gave, exactly once', async () => {
    const [a, b] = await nodes(2);
    try {
      const avril = new Viewer();
      const kate = new Viewer();
      await a!.attach('avril', avril);
      const kateOnA = await a!.attach('kate', kate);
      const started = (await ok(a!, 'avril', { type: 'start-chat', subject: 'Help' }));
      await ok(a!, 'kate', { type: 'accept-invitation', invitationId: started.invitationId! });
      await kate.waitFor('the session', (e) => e.event.type === 'session-added' || e.event.type === 'session-updated');
      kateOnA.detach();
      const from = { epoch: kate.last.epoch, position: kate.last.position };
      for (const text of ['one', 'two', 'three']) await ok(a!, 'avril', { type: 'send-message', sessionId: started.sessionId!, text });
      const back = new Viewer();
      const attached = await b!.attach('kate', back, from);
      assert.equal(attached.resumed, true);
      assert.equal(back.events[0]!.position, from.position + 1);
      const texts = back.events.flatMap((e) => (e.event.type === 'entry-added' ? [e.event.entry.text] : []));
      assert.deepEqual(texts, ['one', 'two', 'three']);
      // A position this cluster never handed out gets a snapshot, never silence.
      const ahead = new Viewer();
      assert.equal((await b!.attach('kate', ahead, { epoch: from.epoch, position: from.position + 10_000 })).resumed, false);
      assert.equal(ahead.events[0]!.event.type, 'snapshot');
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('a re-sent command id is answered with the first result, whichever node gets it', async () => {
    const [a, b] = await nodes(2);
    try {
      const command = { type: 'start-chat', subject: 'Once', commandId: 'resend-1' } as Command;
      const first = await a!.run('avril', command);
      const again = await b!.run('avril', command);
      assert.deepEqual(again, first);
      const sessions = a!.engine.snapshot('avril').sessions.filter((s) => s.subject === 'Once');
      assert.equal(sessions.length, 1);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('time-outs fire once, from the ticker; when its node goes, another node takes over', async () => {
    const [a, b] = await nodes(2, { inviteTimeoutMs: 400, tickerLeaseMs: 600 });
    try {
      // Whoever holds the ticker lease now is stopped; the other must fire the time-out.
      const deadline = Date.now() + WAIT_MS;
      while (!logs.some((l) => l.event === 'cluster-ticker' && (l.node === 'n1' || l.node === 'n2'))) {
        assert.ok(Date.now() < deadline, 'no node took the ticker lease');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const holder = [...logs].reverse().find((l) => l.event === 'cluster-ticker')!.node === 'n1' ? a! : b!;
      const other = holder === a ? b! : a!;
      await holder.close();
      const kate = new Viewer();
      await other.attach('kate', kate);
      const started = await ok(other, 'avril', { type: 'start-chat', subject: 'Nobody answers' });
      await kate.waitFor('the ring', (e) => e.event.type === 'invitation-updated' && e.event.invitation.id === started.invitationId);
      // Kate does not answer: the ring times out, on a tick only the surviving node can append.
      await kate.waitFor('the ring to time out', (e) => e.event.type === 'invitation-updated' && e.event.invitation.id === started.invitationId && e.event.invitation.state === 'timed-out');
      const timedOut = kate.events.filter((e) => e.event.type === 'invitation-updated' && e.event.invitation.state === 'timed-out');
      assert.equal(timedOut.length, 1, 'the time-out is delivered once');
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('compaction: a snapshot in Redis and a trimmed log; a node started later replays only the tail and agrees', async () => {
    const prefix = `c${++cluster}:`;
    const [a, b] = await nodes(2, { compactEvery: 20, prefix, tickerLeaseMs: 300 });
    let c: ClusterHub | undefined;
    try {
      const started = await ok(a!, 'avril', { type: 'start-chat', subject: 'Long chat' });
      await ok(b!, 'kate', { type: 'accept-invitation', invitationId: started.invitationId! });
      // Chat on until a snapshot has been taken and the log trimmed behind it (the nodes report
      // how far they applied every lease renewal; trimming never passes them).
      const deadline = Date.now() + 4 * WAIT_MS;
      let sent = 0;
      while (!logs.some((l) => l.event === 'cluster-compacted' && Number(l.trimmed) > 0)) {
        assert.ok(Date.now() < deadline, 'the ticker node compacted and trimmed the log');
        await ok(sent % 2 ? a! : b!, sent % 2 ? 'avril' : 'kate', { type: 'send-message', sessionId: started.sessionId!, text: `line ${sent}` });
        sent++;
      }
      const last = `line ${sent - 1}`;
      [c] = await nodes(1, { compactEvery: 20, prefix, first: 3 });
      const caughtUp = logs.filter((l) => l.event === 'cluster-caught-up' && l.node === 'n3').at(-1)!;
      assert.equal(caughtUp.snapshot, true, 'it started from the snapshot');
      assert.ok(Number(caughtUp.replayed) < sent, `it replayed only the tail (${caughtUp.replayed} of ${sent + 2} inputs)`);
      for (const user of ['avril', 'kate']) assert.deepEqual(c!.engine.snapshot(user), a!.engine.snapshot(user), `${user} on the new node`);
      await ok(c!, 'avril', { type: 'send-message', sessionId: started.sessionId!, text: 'from the new node' });
      const kate = new Viewer();
      await b!.attach('kate', kate);
      const texts = (kate.events[0]!.event as Extract<StreamEvent['event'], { type: 'snapshot' }>).snapshot.sessions[0]!.transcript.map((e) => e.text);
      assert.equal(texts.filter((t) => t === last).length, 1);
      assert.equal(texts.filter((t) => t === 'from the new node').length, 1);
    } finally {
      await Promise.all([a!.close(), b!.close(), c?.close()]);
    }
  });

  it('a node that would have to skip trimmed inputs refuses to start, with a typed error', async () => {
    const prefix = `c${++cluster}:`;
    const [a] = await nodes(1, { compactEvery: 5, prefix });
    for (let i = 0; i < 12; i++) await ok(a!, 'kate', { type: 'set-presence', channel: 'chat', state: i % 2 ? 'ready' : 'not-ready' });
    await a!.close();
    // Someone trims past the snapshot by hand: the numbering no longer continues it.
    const { createClient } = await import('redis');
    const raw = createClient({ url: redis.url });
    await raw.connect();
    const head = (await raw.xRevRange(`${prefix}journal`, '+', '-', { COUNT: 1 }))![0]!.id;
    await raw.xTrim(`${prefix}journal`, 'MINID', head);
    await raw.xAdd(`${prefix}journal`, '*', { s: '999', e: JSON.stringify({ t: 'tick', at: Date.now() }) });
    await raw.close();
    await assert.rejects(nodes(1, { prefix, first: 2 }), (error: unknown) => error instanceof ClusterStartError && /skips from input/.test(error.message));
  });
});
