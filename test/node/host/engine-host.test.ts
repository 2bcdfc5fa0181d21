import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatEngine } from '../../../src/engine/index.js';
import type { CommandResult } from '../../../src/engine/types.js';
import { createEngineHost, type EngineHostOptions, type HostInput, type HostPersistence } from '../../../src/host/engine-host.js';
import { RecentLog } from '../../../src/transport/user-log.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import type { StreamEvent } from '../../../src/transport/types.js';

/** A host on a virtual clock whose deferred work runs when `drain()` is called. */
function makeHost(persistence?: HostPersistence, more: Partial<EngineHostOptions> = {}) {
  let now = 1_000_000;
  const timers: { at: number; callback: () => void }[] = [];
  const later: (() => void)[] = [];
  let n = 0;
  const host = createEngineHost(
    (clock) => createChatEngine({ clock, ids: () => `h${++n}`, directory: seedDirectory() }),
    'epoch-1',
    {
      timers: {
        now: () => now,
        at(time, callback) {
          const timer = { at: time, callback };
          timers.push(timer);
          return () => timers.splice(timers.indexOf(timer), 1);
        },
        later: (callback) => later.push(callback),
      },
      ...(persistence ? { persistence } : {}),
      ...more,
    },
  );
  return {
    host,
    drain: () => later.splice(0).forEach((f) => f()),
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.callback();
      }
    },
  };
}

describe('the engine host', () => {
  it('records every input before applying it, and refuses (without applying) what it cannot record', () => {
    const recorded: HostInput[] = [];
    let failing = false;
    const { host } = makeHost({
      record(input) {
        if (failing) throw new Error('disk full');
        recorded.push(input);
      },
      durable: false,
      commit() {},
    });
    const answers: CommandResult[] = [];
    host.execute('avril', { type: 'start-chat', subject: 'Help' }, (r) => answers.push(r));
    failing = true;
    host.execute('noah', { type: 'start-chat', subject: 'Lost' }, (r) => answers.push(r));
    assert.deepEqual(answers.map((a) => a.ok), [true, false]);
    assert.equal(recorded.length, 1);
    assert.deepEqual(host.engine.snapshot('noah').sessions, [], 'the refused command changed nothing');
  });

  it('with durable persistence, answers and fans out only after one commit per turn', () => {
    let commits = 0;
    const { host, drain } = makeHost({ record() {}, durable: true, commit: () => void commits++ });
    const seen: string[] = [];
    host.attach('kate', { deliver: (e) => seen.push(e.event.type) });
    seen.length = 0;
    const answers: boolean[] = [];
    host.execute('avril', { type: 'start-chat', subject: 'One' }, (r) => answers.push(r.ok));
    host.execute('noah', { type: 'start-chat', subject: 'Two' }, (r) => answers.push(r.ok));
    assert.deepEqual([answers, seen], [[], []], 'nothing before the commit');
    drain();
    assert.equal(commits, 1);
    assert.deepEqual(answers, [true, true]);
    assert.ok(seen.includes('invitation-updated'), 'Kate was offered the chats after the commit');
  });

  it('attaches with the events after a resume position, or a snapshot when it cannot serve them', () => {
    const { host } = makeHost();
    host.execute('avril', { type: 'start-chat', subject: 'Help' });
    const at = { epoch: host.epoch, position: host.engine.position('kate') };
    host.execute('noah', { type: 'start-chat', subject: 'More' });
    const resumed: StreamEvent[] = [];
    assert.equal(host.attach('kate', { deliver: (e) => resumed.push(e) }, at).resumed, true);
    const current = host.engine.position('kate');
    assert.ok(current > at.position, 'Kate was offered the second chat');
    assert.deepEqual(
      resumed.map((e) => e.position),
      Array.from({ length: current - at.position }, (_, i) => at.position + 1 + i),
    );
    const other: StreamEvent[] = [];
    assert.equal(host.attach('kate', { deliver: (e) => other.push(e) }, { epoch: 'another', position: 1 }).resumed, false);
    assert.deepEqual(other.map((e) => e.event.type), ['snapshot']);
  });

  it('with encoded logs, live and resumed events reach a text subscriber as the JSON of what a plain host hands out, encoded once per event', () => {
    const plain = makeHost();
    const text = makeHost(undefined, { encodedLogs: true });
    const seen = { plain: [] as StreamEvent[], text: [] as StreamEvent[], parsed: [] as StreamEvent[] };
    const bodies: string[] = [];
    plain.host.attach('kate', { deliver: (e) => seen.plain.push(e) });
    text.host.attach('kate', {
      deliver: (e) => seen.text.push(e),
      deliverEncoded: (epoch, position, body) => {
        bodies.push(body);
        seen.text.push({ epoch, position, event: JSON.parse(body) });
      },
    });
    // A subscriber without deliverEncoded still gets objects.
    text.host.attach('kate', { deliver: (e) => seen.parsed.push(e) });
    for (const { host } of [plain, text]) {
      host.execute('avril', { type: 'start-chat', subject: 'Help' });
      host.execute('noah', { type: 'start-chat', subject: 'More' });
    }
    const live = (events: StreamEvent[]) => JSON.parse(JSON.stringify(events.slice(1)));
    assert.deepEqual(live(seen.text), live(seen.plain));
    assert.deepEqual(live(seen.parsed), live(seen.plain));
    assert.ok(bodies.length >= 2);

    const from = { epoch: text.host.epoch, position: 1 };
    const resumed = { plain: [] as StreamEvent[], text: [] as StreamEvent[], parsed: [] as StreamEvent[] };
    plain.host.attach('kate', { deliver: (e) => resumed.plain.push(e) }, { ...from, epoch: plain.host.epoch });
    assert.equal(
      text.host.attach('kate', { deliver: (e) => resumed.text.push(e), deliverEncoded: (epoch, position, body) => resumed.text.push({ epoch, position, event: JSON.parse(body) }) }, from).resumed,
      true,
    );
    text.host.attach('kate', { deliver: (e) => resumed.parsed.push(e) }, from);
    const positions = (events: StreamEvent[]) => events.map((e) => [e.position, JSON.stringify(e.event)]);
    assert.deepEqual(positions(resumed.text), positions(resumed.plain));
    assert.deepEqual(positions(resumed.parsed), positions(resumed.plain));
  });

  it('an encoded log serves the events after a position while it holds them all, by count and by age', () => {
    const log = new RecentLog<string>(3, { maxAgeMs: 1000 });
    for (let position = 1; position <= 5; position++) log.append(position, `e${position}`, position * 100);
    assert.deepEqual(log.after(2, 5, 600), ['e3', 'e4', 'e5']);
    assert.deepEqual(log.after(4, 5, 600), ['e5']);
    assert.deepEqual(log.after(5, 5, 600), []);
    assert.equal(log.after(1, 5, 600), undefined, 'older than the last three');
    assert.equal(log.after(6, 5, 600), undefined, 'ahead of the stream');
    assert.equal(log.after(3, 5, 1450), undefined, 'e4 is older than a second by then');
    assert.deepEqual(log.after(4, 5, 1450), ['e5']);
    assert.equal(new RecentLog<string>(3).after(0, 2), undefined, 'an empty log serves no missed event');
  });

  it('runs the engine deadlines on its timers', () => {
    const { host, advance } = makeHost();
    const { invitationId } = (() => {
      let value: Record<string, string> = {};
      host.execute('avril', { type: 'start-chat', subject: 'Help' }, (r) => (value = (r.ok && (r.value as Record<string, string>)) || {}));
      return value;
    })();
    const kate: StreamEvent[] = [];
    host.attach('kate', { deliver: (e) => kate.push(e) });
    advance(host.engine.config.inviteTimeoutMs);
    assert.ok(
      kate.some((e) => e.event.type === 'invitation-updated' && e.event.invitation.id === invitationId && e.event.invitation.state !== 'pending'),
      'the unanswered offer timed out for Kate',
    );
  });
});

describe('the engine host: directory search and watch lists', () => {
  it('answers pages with presence as it is now, never listing the searcher, and refuses bad queries changing nothing', () => {
    const { host } = makeHost();
    const first = host.searchDirectory('kate', { query: 'jim' });
    assert.deepEqual(first.targets.map((t) => t.id), ['jim']);
    host.execute('jim', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const [jim] = host.searchDirectory('kate', { query: 'jim' }).targets;
    assert.equal(jim?.kind === 'agent' && jim.presence.chat, 'not-ready', 'the index keeps names; presence is read at search time');
    assert.ok(!host.searchDirectory('kate', { query: 'kate' }).targets.some((t) => t.id === 'kate'));
    const before = host.engine.position('kate');
    assert.throws(() => host.searchDirectory('kate', { query: '', limit: 0 }), (e: Error & { code?: string }) => e.code === 'invalid-input');
    assert.throws(() => host.searchDirectory('kate', 'jim'), (e: Error & { code?: string }) => e.code === 'invalid-input');
    assert.equal(host.engine.position('kate'), before);
    assert.throws(() => host.searchDirectory('avril', { query: 'jim' }), (e: Error & { code?: string }) => e.code === 'forbidden', 'a contact does not search the directory');
    assert.throws(() => host.watcher('avril', () => {}).watch(['kate']), (e: Error & { code?: string }) => e.code === 'forbidden', 'nor watch agents');
  });

  it('with persistence that commits per turn, a search or watch list shows only committed presence: it commits first', () => {
    let commits = 0;
    const { host } = makeHost({ record() {}, durable: true, commit: () => void commits++ });
    const answers: boolean[] = [];
    host.execute('jim', { type: 'set-presence', channel: 'chat', state: 'not-ready' }, (r) => answers.push(r.ok));
    assert.equal(commits, 0);
    const [jim] = host.searchDirectory('kate', { query: 'jim' }).targets;
    assert.equal(jim?.kind === 'agent' && jim.presence.chat, 'not-ready');
    assert.deepEqual([commits, answers], [1, [true]], 'committed (and answered) before the page showed the change');
    host.execute('jim', { type: 'set-presence', channel: 'chat', state: 'ready' });
    const [watched] = host.watcher('kate', () => {}).watch(['jim']);
    assert.equal(watched?.kind === 'agent' && watched.presence.chat, 'ready');
    assert.equal(commits, 2, 'committed before the watch list showed it');
  });

  it('tells a watcher of changes as they are fanned out, not on replay, and the current presence after a reset', () => {
    const { host } = makeHost();
    const heard: string[] = [];
    const watcher = host.watcher('kate', (c) => heard.push(`${c.userId} ${c.channel} ${c.state}`));
    assert.deepEqual(watcher.watch(['omar', 'nobody']).map((t) => t.id), ['omar']);
    host.execute('omar', { type: 'set-presence', channel: 'chat', state: 'ready' });
    host.execute('maria', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    assert.deepEqual(heard, ['omar chat ready']);
    host.replay({ t: 'cmd', at: host.engineTime, actor: 'omar', command: { type: 'set-presence', channel: 'email', state: 'ready' } });
    assert.deepEqual(heard, ['omar chat ready'], 'replayed inputs reach nobody live');
    host.reset('epoch-2', host.engineTime);
    assert.deepEqual(heard.slice(1), ['omar chat ready', 'omar voice ready', 'omar email ready'], 'after a reset, the current presence');
    assert.throws(() => watcher.watch(Array.from({ length: 501 }, (_, i) => `a${i}`)), (e: Error & { code?: string }) => e.code === 'invalid-input');
    watcher.close();
    host.execute('omar', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    assert.equal(heard.length, 4, 'a closed watch list hears nothing');
  });
});
