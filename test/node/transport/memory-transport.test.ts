import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCommandError, type Command } from '../../../src/engine/types.js';
import {
  SEED_CHAT,
  createMemoryContactCenter,
  startSeedChat,
  type MemoryContactCenter,
  type MemoryContactCenterOptions,
} from '../../../src/transport/memory/index.js';
import { assertContiguous, record } from './helpers.js';

let center: MemoryContactCenter | undefined;
function makeCenter(options: MemoryContactCenterOptions = {}): MemoryContactCenter {
  center = createMemoryContactCenter({ clock: 'virtual', ...options });
  return center;
}
afterEach(() => center?.dispose());

/** Kate connected and in the seed chat with Avril. */
async function seedConversation(c: MemoryContactCenter) {
  const kateT = c.transport();
  const kate = record(kateT);
  await kateT.connect({ userId: 'kate' });
  const started = await startSeedChat(c);
  assert.ok(started.ok);
  const sessionId = started.value!.sessionId!;
  await c.settle();
  const offer = kate.find('invitation-updated', (e) => e.invitation.state === 'pending');
  assert.ok(offer, 'Kate is offered the chat');
  const accepted = await kateT.send({ type: 'accept-invitation', invitationId: offer.invitation.id });
  assert.ok(accepted.ok);
  await c.settle();
  return { kateT, kate, sessionId };
}

describe('memory transport: connecting', () => {
  it('goes connecting → connected and delivers a snapshot current as of the user position', async () => {
    const c = makeCenter();
    const transport = c.transport();
    const log = record(transport);
    assert.deepEqual(log.states, ['idle']);
    await transport.connect({ userId: 'kate' });
    await c.settle();
    assert.deepEqual(log.states, ['idle', 'connecting', 'connected']);
    assert.equal(log.events.length, 1);
    const [first] = log.events;
    assert.equal(first!.epoch, c.epoch);
    assert.equal(first!.position, c.engine.position('kate'));
    assert.equal(first!.event.type, 'snapshot');
    const snapshot = first!.event.type === 'snapshot' ? first!.event.snapshot : undefined;
    assert.equal(snapshot?.user.name, 'Kate Lewis');
    assert.equal('directory' in snapshot!, false, 'the directory is searched, not sent');
    assert.deepEqual(snapshot?.presence, { chat: 'ready', voice: 'ready', email: 'not-ready' });
  });

  it('delivers asynchronously: nothing arrives during the call that caused it', async () => {
    const c = makeCenter();
    const { kate, sessionId } = await seedConversation(c);
    const before = kate.events.length;
    const sent = c.contact('avril').say('Hello?');
    assert.equal(kate.events.length, before, 'no event is delivered synchronously');
    await sent;
    assert.deepEqual(kate.messages(before), ['Hello?']);
    assert.ok(sessionId);
  });

  it('refuses an unknown user with a typed error and the failed state', async () => {
    const c = makeCenter();
    const transport = c.transport();
    const log = record(transport);
    await assert.rejects(transport.connect({ userId: 'mallory' }), (error: unknown) => {
      assert.ok(error instanceof ChatCommandError);
      assert.equal(error.code, 'unknown-user');
      return true;
    });
    assert.equal(log.states.at(-1), 'failed');
  });

  it('gives each transport its own user', async () => {
    const c = makeCenter();
    const a = c.transport();
    const b = c.transport();
    const logA = record(a);
    const logB = record(b);
    await a.connect({ userId: 'kate' });
    await b.connect({ userId: 'jim' });
    await c.settle();
    const userOf = (log: typeof logA) => (log.events[0]!.event.type === 'snapshot' ? log.events[0]!.event.snapshot.user.id : '');
    assert.equal(userOf(logA), 'kate');
    assert.equal(userOf(logB), 'jim');
  });
});

describe('memory transport: ordered streams', () => {
  it('numbers events +1 from the snapshot position, matching the engine', async () => {
    const c = makeCenter();
    const { kate, kateT, sessionId } = await seedConversation(c);
    for (const text of ['one', 'two', 'three']) {
      await kateT.send({ type: 'send-message', sessionId, text });
      await c.contact('avril').say(`re: ${text}`);
    }
    await c.settle();
    assert.equal(assertContiguous(kate.events), undefined);
    assert.equal(kate.events.at(-1)!.position, c.engine.position('kate'));
    assert.deepEqual(kate.messages(), ['one', 're: one', 'two', 're: two', 'three', 're: three']);
  });

  it('resolves send with the engine answer after the events it caused are delivered', async () => {
    const c = makeCenter();
    const { kate, kateT, sessionId } = await seedConversation(c);
    const result = await kateT.send({ type: 'send-message', sessionId, text: 'Hi', clientMessageId: 'cm-1' });
    assert.ok(result.ok);
    const entry = kate.find('entry-added', (e) => e.entry.kind === 'message' && e.entry.clientMessageId === 'cm-1');
    assert.ok(entry, 'the confirmed message is already in the stream');
  });
});

describe('memory transport: resume', () => {
  it('after a disconnect, delivers exactly the missed events once, in order', async () => {
    const c = makeCenter();
    const { kate, kateT } = await seedConversation(c);
    const last = kate.events.at(-1)!;
    await kateT.disconnect();
    assert.equal(kate.states.at(-1), 'disconnected');
    await c.contact('avril').say('missed 1');
    await c.contact('avril').say('missed 2');
    const from = kate.events.length;
    await kateT.connect({ userId: 'kate', resumeFrom: { epoch: last.epoch, position: last.position } });
    await c.settle();
    const resumed = kate.events.slice(from);
    assert.deepEqual(
      resumed.map((e) => e.position),
      [last.position + 1, last.position + 2],
    );
    assert.deepEqual(kate.messages(from), ['missed 1', 'missed 2']);
    await c.contact('avril').say('live again');
    assert.deepEqual(kate.messages(from), ['missed 1', 'missed 2', 'live again']);
    assert.equal(assertContiguous(kate.events), undefined);
  });

  it('resuming at the current position delivers nothing but later events', async () => {
    const c = makeCenter();
    const { kate, kateT } = await seedConversation(c);
    const last = kate.events.at(-1)!;
    await kateT.disconnect();
    const from = kate.events.length;
    await kateT.connect({ userId: 'kate', resumeFrom: { epoch: last.epoch, position: last.position } });
    await c.settle();
    assert.equal(kate.events.length, from);
  });

  it('gives a snapshot for a wrong epoch, a position ahead of the stream, or one older than the log', async () => {
    const c = makeCenter({ logLimit: 3 });
    const { kate, kateT } = await seedConversation(c);
    for (const text of ['one', 'two', 'three']) await c.contact('avril').say(text);
    const current = c.engine.position('kate');
    for (const resumeFrom of [
      { epoch: 'some-other-epoch', position: current },
      { epoch: c.epoch, position: current + 5 },
      { epoch: c.epoch, position: 0 },
    ]) {
      await kateT.disconnect();
      const from = kate.events.length;
      await kateT.connect({ userId: 'kate', resumeFrom });
      await c.settle();
      assert.deepEqual(kate.types().slice(from), ['snapshot'], JSON.stringify(resumeFrom));
      assert.equal(kate.events.at(-1)!.position, current);
    }
    // Within the last three events the log still serves a resume.
    await kateT.disconnect();
    const from = kate.events.length;
    await kateT.connect({ userId: 'kate', resumeFrom: { epoch: c.epoch, position: current - 3 } });
    await c.settle();
    assert.deepEqual(
      kate.events.slice(from).map((e) => e.position),
      [current - 2, current - 1, current],
    );
  });

  it('keeps at most the last 10,000 events per user by default', async () => {
    const c = makeCenter({ config: { maxMessageLength: 10 } });
    const { kate, kateT, sessionId } = await seedConversation(c);
    const start = c.engine.position('kate');
    await Promise.all(
      Array.from({ length: 10_050 }, (_, i) => c.execute('avril', { type: 'set-typing', sessionId, typing: i % 2 === 0 })),
    );
    await kateT.disconnect();
    let from = kate.events.length;
    await kateT.connect({ userId: 'kate', resumeFrom: { epoch: c.epoch, position: start } });
    await c.settle();
    assert.deepEqual(kate.types().slice(from), ['snapshot'], 'too old to resume');
    await kateT.disconnect();
    from = kate.events.length;
    const current = c.engine.position('kate');
    await kateT.connect({ userId: 'kate', resumeFrom: { epoch: c.epoch, position: current - 10_000 } });
    await c.settle();
    assert.equal(kate.events.length - from, 10_000);
  });

  it('a dropped connection goes reconnecting, refuses commands, then resumes with what it missed', async () => {
    const c = makeCenter();
    const { kate, kateT, sessionId } = await seedConversation(c);
    c.dropConnection('kate', { restoreAfterMs: 5000 });
    assert.equal(kate.states.at(-1), 'reconnecting');
    const refused = await kateT.send({ type: 'send-message', sessionId, text: 'lost' });
    assert.equal(!refused.ok && refused.error.code, 'not-connected');
    const from = kate.events.length;
    await c.contact('avril').say('are you there?');
    assert.equal(kate.events.length, from, 'nothing arrives while the network is down');
    await c.advance(5000);
    assert.equal(kate.states.at(-1), 'connected');
    assert.deepEqual(kate.messages(from), ['are you there?']);
    assert.ok(!kate.types().slice(from).includes('snapshot'));
    assert.equal(assertContiguous(kate.events), undefined);
  });

  it('restoreConnection ends a drop at once', async () => {
    const c = makeCenter();
    const { kate } = await seedConversation(c);
    c.dropConnection('kate', { restoreAfterMs: Infinity });
    await c.contact('avril').say('one');
    c.restoreConnection('kate');
    await c.settle();
    assert.equal(kate.states.at(-1), 'connected');
    assert.deepEqual(kate.messages().slice(-1), ['one']);
  });
});

describe('memory transport: refused commands', () => {
  it('answers not-connected before connect and after disconnect, changing nothing', async () => {
    const c = makeCenter();
    const transport = c.transport();
    const command: Command = { type: 'set-presence', channel: 'chat', state: 'not-ready' };
    const before = await transport.send(command);
    assert.equal(!before.ok && before.error.code, 'not-connected');
    await transport.connect({ userId: 'kate' });
    await transport.disconnect();
    const after = await transport.send(command);
    assert.equal(!after.ok && after.error.code, 'not-connected');
    assert.equal(c.engine.position('kate'), 0);
  });

  it('validates what a JS caller sends and answers typed errors', async () => {
    const c = makeCenter();
    const { kateT, sessionId } = await seedConversation(c);
    const position = c.engine.position('kate');
    const cases: [unknown, string, string?][] = [
      [null, 'invalid-command'],
      ['leave', 'invalid-command'],
      [{ type: 'explode' }, 'invalid-command', 'type'],
      [{ type: 'send-message', sessionId }, 'invalid-input', 'text'],
      [{ type: 'send-message', sessionId, text: 'x'.repeat(4001) }, 'invalid-input', 'text'],
      [{ type: 'send-message', sessionId, text: '' }, 'invalid-input'],
      [{ type: 'invite', sessionId, kind: 'merge', targetId: 'jim' }, 'invalid-input', 'kind'],
      [JSON.parse('{"type":"start-chat","subject":"s","caseData":{"__proto__":{"x":1}}}'), 'invalid-input'],
    ];
    for (const [input, code, field] of cases) {
      const result = await kateT.send(input as Command);
      assert.equal(result.ok, false, JSON.stringify(input)?.slice(0, 80));
      assert.equal(!result.ok && result.error.code, code, !result.ok ? result.error.message : '');
      if (field) assert.equal(!result.ok && result.error.field, field);
    }
    assert.equal(c.engine.position('kate'), position, 'refused commands delivered nothing');
  });
});

describe('memory transport: simulated agents and virtual time', () => {
  it('an accepting agent answers after its delay and writes its replies', async () => {
    const c = makeCenter({
      simulatedAgents: { kate: { onInvitation: 'accept', delayMs: 2000, replies: ['Hello, how can I help you today?', 'Let me check.'] } },
    });
    const avrilT = c.transport();
    const avril = record(avrilT);
    await avrilT.connect({ userId: 'avril' });
    const started = await startSeedChat(c);
    assert.ok(started.ok);
    await c.advance(1999);
    assert.ok(!avril.find('entry-added', (e) => e.entry.kind === 'notice' && e.entry.notice === 'party-joined'));
    await c.advance(1);
    assert.ok(avril.find('entry-added', (e) => e.entry.text === "New party 'Kate Lewis' has joined the session"));
    await c.advance(2000);
    assert.deepEqual(avril.messages(), ['Hello, how can I help you today?']);
    await c.contact('avril').say('My card was declined.');
    await c.advance(2000);
    assert.deepEqual(avril.messages(), ['Hello, how can I help you today?', 'My card was declined.', 'Let me check.']);
  });

  it('a rejecting agent passes the chat on to the next Ready member of the queue', async () => {
    const c = makeCenter({ simulatedAgents: { kate: { onInvitation: 'reject', delayMs: 500 } } });
    const jimT = c.transport();
    const jim = record(jimT);
    await jimT.connect({ userId: 'jim' });
    await startSeedChat(c);
    assert.ok(!jim.find('invitation-updated'), 'Kate is offered the chat first');
    await c.advance(500);
    const offer = jim.find('invitation-updated', (e) => e.invitation.state === 'pending' && e.invitation.invitee?.id === 'jim');
    assert.ok(offer, 'after Kate rejects, Jim is offered the chat');
  });

  it('an ignoring agent lets the invitation time out at the configured time', async () => {
    const c = makeCenter({
      config: { inviteTimeoutMs: 10_000 },
      simulatedAgents: { jim: { onInvitation: 'ignore' } },
    });
    const { kateT, kate, sessionId } = await seedConversation(c);
    const invited = await kateT.send({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assert.ok(invited.ok);
    await c.advance(9_999);
    assert.ok(!kate.find('invitation-updated', (e) => e.invitation.state === 'timed-out'));
    await c.advance(1);
    assert.ok(kate.find('invitation-updated', (e) => e.invitation.kind === 'conference' && e.invitation.state === 'timed-out'));
    assert.ok(kate.find('party-updated', (e) => e.party.userId === 'jim' && e.party.state === 'timed-out'));
  });

  it('virtual time only moves with advance', async () => {
    const c = makeCenter({ startTime: 1_000_000 });
    assert.equal(c.now(), 1_000_000);
    await c.settle();
    assert.equal(c.now(), 1_000_000);
    await c.advance(250);
    assert.equal(c.now(), 1_000_250);
  });

  it('scripted contacts start, speak on a schedule and leave, as the contact', async () => {
    const c = makeCenter({ simulatedAgents: { kate: { onInvitation: 'accept', delayMs: 100 } } });
    const kateT = c.transport();
    const kate = record(kateT);
    await kateT.connect({ userId: 'kate' });
    const noah = c.contact('noah');
    const refused = await noah.say('too early');
    assert.equal(!refused.ok && refused.error.code, 'invalid-state');
    const started = await noah.start('Where is my parcel?', { Order: '7' });
    assert.ok(started.ok);
    assert.equal(noah.sessionId, started.value?.sessionId);
    await c.advance(100);
    noah.script([{ afterMs: 1000, say: 'Hello?' }, { afterMs: 3000, leave: true }]);
    await c.advance(1000);
    assert.deepEqual(kate.messages(), ['Hello?']);
    await c.advance(2000);
    assert.ok(kate.find('entry-added', (e) => e.entry.text === "Party 'Noah Brown' has left the session"));
  });

  it('a scripted contact answers each agent message with its next reply after a delay', async () => {
    const c = makeCenter();
    const { kateT, kate, sessionId } = await seedConversation(c);
    c.contact('avril').replyWith(['I cannot pay with my card.', 'It is a Visa.'], 3000);
    await kateT.send({ type: 'send-message', sessionId, text: 'How can I help?' });
    await c.advance(2999);
    assert.deepEqual(kate.messages(), ['How can I help?']);
    await c.advance(1);
    await kateT.send({ type: 'send-message', sessionId, text: 'Which card?' });
    await c.advance(3000);
    await kateT.send({ type: 'send-message', sessionId, text: 'Thanks.' });
    await c.advance(3000);
    assert.deepEqual(kate.messages(), ['How can I help?', 'I cannot pay with my card.', 'Which card?', 'It is a Visa.', 'Thanks.']);
  });

  it('startSeedChat starts the seed chat as Avril Mai', async () => {
    const c = makeCenter();
    const result = await startSeedChat(c);
    assert.ok(result.ok);
    const snapshot = c.engine.snapshot('avril');
    const session = snapshot.sessions.find((s) => s.id === result.value?.sessionId);
    assert.equal(session?.subject, SEED_CHAT.subject);
    assert.deepEqual(session?.caseData, { Order: '000205', Channel: 'Web' });
  });
});

describe('memory transport: real clock', () => {
  it('runs simulated agents on wall-clock timers', { timeout: 10_000 }, async () => {
    const c = makeCenter({ clock: 'real', simulatedAgents: { kate: { onInvitation: 'accept', delayMs: 5 } } });
    const avrilT = c.transport();
    const avril = record(avrilT);
    await avrilT.connect({ userId: 'avril' });
    await startSeedChat(c);
    await new Promise<void>((resolve) => {
      const sub = avrilT.events$.subscribe((e) => {
        if (e.event.type === 'entry-added' && e.event.entry.kind === 'notice' && e.event.entry.notice === 'party-joined') {
          queueMicrotask(() => sub.unsubscribe());
          resolve();
        }
      });
    });
    assert.ok(avril.find('entry-added', (e) => e.entry.text === "New party 'Kate Lewis' has joined the session"));
  });
});

describe('memory transport: directories', () => {
  it('seeds the lessons directory', () => {
    const c = makeCenter();
    const byId = new Map(c.directory.map((entry) => [entry.id, entry]));
    assert.equal(byId.get('kate')?.name, 'Kate Lewis');
    assert.equal(byId.get('jim')?.name, 'Jim Miller');
    assert.equal(byId.get('avril')?.name, 'Avril Mai');
    const presences = new Set(c.directory.flatMap((e) => (e.kind === 'agent' ? [e.presence.chat] : [])));
    assert.deepEqual([...presences].sort(), ['after-call-work', 'not-ready', 'offline', 'ready']);
    const support = byId.get('q-support');
    assert.ok(support?.kind === 'queue');
    assert.deepEqual(support.members, ['kate', 'jim', 'maria']);
    assert.equal(byId.get('rp-sales')?.kind, 'routing-point');
  });

  it('builds a generated directory of 50,000 agents with queues and routing points', async () => {
    const c = makeCenter({ generatedAgents: 50_000 });
    const agents = c.directory.filter((e) => e.kind === 'agent');
    assert.equal(agents.length, 50_000 + 6);
    assert.equal(new Set(agents.map((a) => a.id)).size, agents.length, 'ids are unique');
    assert.equal(agents.find((a) => a.id === 'agent-00001')?.name, 'Agent 00001');
    assert.ok(c.engine.hasUser('agent-50000'));
    const presences = new Set(agents.map((a) => (a.kind === 'agent' ? a.presence.chat : '')));
    assert.equal(presences.size, 4, 'presences vary');
    assert.ok(c.directory.filter((e) => e.kind === 'queue').length >= 5);
    assert.ok(c.directory.filter((e) => e.kind === 'routing-point').length >= 3);
    const transport = c.transport();
    const log = record(transport);
    await transport.connect({ userId: 'kate' });
    await c.settle();
    const snapshot = log.events[0]!.event;
    assert.ok(snapshot.type === 'snapshot' && JSON.stringify(snapshot).length < 10_000, 'the snapshot stays small');
    const found = await transport.searchDirectory({ query: 'agent 0499', filter: 'agent' });
    assert.deepEqual(
      found.targets.map((t) => t.id),
      Array.from({ length: 10 }, (_, i) => `agent-0499${i}`),
      'the directory is searched instead',
    );
  });
});

describe('memory transport: dispose', () => {
  it('closes every transport and refuses further connections', async () => {
    const c = makeCenter();
    const transport = c.transport();
    const log = record(transport);
    await transport.connect({ userId: 'kate' });
    c.dispose();
    assert.equal(log.states.at(-1), 'disconnected');
    await assert.rejects(transport.connect({ userId: 'kate' }));
  });
});

describe('memory transport: directory search and watched presence', () => {
  it('searches the directory ranked, paged and filtered, never listing the signed-in user', async () => {
    const c = makeCenter();
    const kateT = c.transport();
    await kateT.connect({ userId: 'kate' });
    const all = await kateT.searchDirectory({ query: '' });
    assert.equal(all.offset, 0);
    assert.ok(!all.targets.some((t) => t.id === 'kate'), 'Kate is not offered herself');
    assert.equal(all.total, all.targets.length);
    const jim = await kateT.searchDirectory({ query: 'jim' });
    assert.deepEqual(
      jim.targets.map((t) => t.id),
      ['jim'],
    );
    const byNumber = await kateT.searchDirectory({ query: '600' });
    assert.deepEqual(
      byNumber.targets.map((t) => t.id),
      ['q-billing', 'q-support', 'q-escalations'],
      'number prefixes tie, then by name',
    );
    const queues = await kateT.searchDirectory({ query: '', filter: 'queue', limit: 2, offset: 1 });
    assert.equal(queues.total, 3);
    assert.equal(queues.offset, 1);
    assert.equal(queues.targets.length, 2);
    assert.ok(queues.targets.every((t) => t.kind === 'queue'));
  });

  it('answers current presence in results, and refuses bad queries and searches while not connected', async () => {
    const c = makeCenter();
    const kateT = c.transport();
    await assert.rejects(kateT.searchDirectory({ query: 'jim' }), (e: unknown) => e instanceof ChatCommandError && e.code === 'not-connected');
    await kateT.connect({ userId: 'kate' });
    await c.execute('jim', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const [jim] = (await kateT.searchDirectory({ query: 'jim miller' })).targets;
    assert.equal(jim?.kind === 'agent' && jim.presence.chat, 'not-ready');
    for (const bad of [{ query: 'x'.repeat(201) }, { query: '', filter: 'contact' }, { query: '', limit: 0 }, { query: '', limit: 101 }, { query: '', offset: -1 }]) {
      await assert.rejects(kateT.searchDirectory(bad as never), (e: unknown) => e instanceof ChatCommandError && e.code === 'invalid-input', JSON.stringify(bad));
    }
  });

  it('tells a watcher the presence changes of the agents it watches, and nobody else', async () => {
    const c = makeCenter();
    const kateT = c.transport();
    const jimT = c.transport();
    const kateHears: string[] = [];
    const jimHears: string[] = [];
    kateT.presence$.subscribe((change) => kateHears.push(`${change.userId} ${change.channel} ${change.state}`));
    jimT.presence$.subscribe((change) => jimHears.push(`${change.userId} ${change.channel} ${change.state}`));
    await kateT.connect({ userId: 'kate' });
    await jimT.connect({ userId: 'jim' });
    const entries = await kateT.watchTargets(['maria', 'nobody', 'q-support']);
    assert.deepEqual(
      entries.map((t) => t.id),
      ['maria', 'q-support'],
      'unknown ids left out, order kept',
    );
    await c.execute('maria', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    await c.execute('omar', { type: 'set-presence', channel: 'chat', state: 'ready' });
    await c.settle();
    assert.deepEqual(kateHears, ['maria chat not-ready']);
    assert.deepEqual(jimHears, []);
    await kateT.watchTargets([]);
    await c.execute('maria', { type: 'set-presence', channel: 'chat', state: 'ready' });
    await c.settle();
    assert.deepEqual(kateHears, ['maria chat not-ready'], 'an emptied watch list hears nothing');
    await assert.rejects(kateT.watchTargets(Array.from({ length: 501 }, (_, i) => `a${i}`)), (e: unknown) => e instanceof ChatCommandError && e.code === 'invalid-input');
  });

  it('sends the watch list again after a lost connection and emits what changed meanwhile', async () => {
    const c = makeCenter();
    const kateT = c.transport();
    const heard: string[] = [];
    kateT.presence$.subscribe((change) => heard.push(`${change.userId} ${change.channel} ${change.state}`));
    await kateT.connect({ userId: 'kate' });
    await kateT.watchTargets(['jim']);
    c.dropConnection('kate', { restoreAfterMs: Infinity });
    await c.execute('jim', { type: 'set-presence', channel: 'voice', state: 'not-ready' });
    await c.settle();
    assert.deepEqual(heard, [], 'nothing arrives while the network is down');
    c.restoreConnection('kate');
    await c.settle();
    assert.deepEqual(heard, ['jim voice not-ready']);
    await c.execute('jim', { type: 'set-presence', channel: 'voice', state: 'ready' });
    await c.settle();
    assert.deepEqual(heard, ['jim voice not-ready', 'jim voice ready']);
  });

  it('keeps a watch list set before connecting and sends it once connected', async () => {
    const c = makeCenter();
    const kateT = c.transport();
    const heard: string[] = [];
    kateT.presence$.subscribe((change) => heard.push(`${change.userId} ${change.channel} ${change.state}`));
    await assert.rejects(kateT.watchTargets(['li']), (e: unknown) => e instanceof ChatCommandError && e.code === 'not-connected');
    await kateT.connect({ userId: 'kate' });
    await c.settle();
    assert.deepEqual(heard, ['li chat after-call-work', 'li voice ready', 'li email not-ready']);
  });

  it('puts the agent\'s own presence in their snapshot', async () => {
    const c = makeCenter();
    const transport = c.transport();
    const log = record(transport);
    await transport.connect({ userId: 'maria' });
    await c.settle();
    const first = log.events[0]!.event;
    assert.deepEqual(first.type === 'snapshot' && first.snapshot.presence, { chat: 'ready', voice: 'not-ready', email: 'ready' });
  });
});
