import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../server/clock.js';
import { createClusterHub, type ClusterHub } from '../../../server/cluster/cluster-hub.js';
import type { LogEntry } from '../../../server/logger.js';
import type { Command, CommandResult } from '../../../src/engine/types.js';
import { seedDirectory } from '../../../src/transport/memory/seed-directory.js';
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

async function nodes(count: number, more: { inviteTimeoutMs?: number; tickerLeaseMs?: number } = {}): Promise<ClusterHub[]> {
  const prefix = `c${++cluster}:`;
  const hubs: ClusterHub[] = [];
  for (let i = 0; i < count; i++) {
    hubs.push(
      await createClusterHub({
        redisUrl: redis.url,
        prefix,
        nodeId: `n${i + 1}`,
        directory: seedDirectory(),
        ...(more.inviteTimeoutMs ? { config: { inviteTimeoutMs: more.inviteTimeoutMs } } : {}),
        clock: systemClock,
        logger: (entry) => logs.push(entry),
        ...(more.tickerLeaseMs ? { tickerLeaseMs: more.tickerLeaseMs } : {}),
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
});
