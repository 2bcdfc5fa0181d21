/** Configuration, views, deliveries and the smaller command semantics. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createChatEngine, DEFAULT_ENGINE_CONFIG } from '../../../src/engine/index.js';
import type { AgentEntry, EngineConfig } from '../../../src/engine/index.js';
import { createTestClock, sequentialIds } from '../../../src/engine/testing.js';
import { activeChat, conference, createHarness, partyStates, seedDirectory, SUBJECT, texts } from './harness.js';

describe('configuration', () => {
  test('defaults', () => {
    assert.deepEqual(DEFAULT_ENGINE_CONFIG, {
      maxMessageLength: 4000,
      maxFieldLength: 1000,
      maxTranscriptEntries: 2000,
      maxTranscriptBytes: 262144,
      inviteTimeoutMs: 30000,
      routingTimeoutMs: 120000,
      afterCallWork: { mode: 'timed', durationMs: 10000 },
      disposition: {
        codes: [
          { id: 'resolved', label: 'Resolved' },
          { id: 'escalated', label: 'Escalated' },
          { id: 'follow-up', label: 'Follow-up required' },
          { id: 'no-answer', label: 'No answer needed' },
        ],
        style: 'list',
        required: false,
      },
      inboundOrigin: 'Inbound chat',
    });
    const h = createHarness();
    assert.deepEqual(h.engine.config, DEFAULT_ENGINE_CONFIG);
    assert.deepEqual(h.engine.snapshot('kate').config, {
      maxMessageLength: 4000,
      maxFieldLength: 1000,
      inviteTimeoutMs: 30000,
      afterCallWork: DEFAULT_ENGINE_CONFIG.afterCallWork,
      disposition: DEFAULT_ENGINE_CONFIG.disposition,
    });
  });

  test('settings are merged over the defaults; the origin and limits apply', () => {
    const h = createHarness({ config: { maxMessageLength: 10, inboundOrigin: 'Web chat', afterCallWork: { mode: 'manual' } as EngineConfig['afterCallWork'] } });
    assert.deepEqual(h.engine.config.afterCallWork, { mode: 'manual', durationMs: 10000 });
    const sessionId = activeChat(h);
    assert.equal(h.session('avril', sessionId)?.origin, 'Web chat');
    assert.equal(h.exec('kate', { type: 'send-message', sessionId, text: '12345678901' }).ok, false);
  });

  test('an invalid configuration or directory throws at construction', () => {
    const make = (config: Partial<EngineConfig>, directory = seedDirectory()) => () =>
      createChatEngine({ clock: () => 0, ids: sequentialIds(), directory, config });
    assert.throws(make({ maxMessageLength: 0 }), /maxMessageLength/);
    assert.throws(make({ inviteTimeoutMs: -5 }), /inviteTimeoutMs/);
    assert.throws(make({ maxTranscriptEntries: 0 }), /maxTranscriptEntries/);
    assert.throws(make({ maxTranscriptBytes: 1.5 }), /maxTranscriptBytes/);
    assert.throws(make({ afterCallWork: { mode: 'sometimes' as 'none', durationMs: 1 } }), /afterCallWork/);
    assert.throws(make({ disposition: { codes: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }], style: 'list', required: false } }), /twice/);
    assert.throws(make({ disposition: { codes: [], style: 'grid' as 'list', required: false } }), /style/);
    assert.throws(make({}, [...seedDirectory(), { kind: 'contact', id: 'kate', name: 'Dup' }]), /twice/);
    assert.throws(make({}, [{ kind: 'queue', id: 'q', name: 'Q', members: ['nobody'] }]), /not an agent/);
  });
});

describe('testing helpers', () => {
  test('a virtual clock that only moves forward, and sequential ids', () => {
    const clock = createTestClock(100);
    assert.equal(clock.now(), 100);
    assert.equal(clock.advance(50), 150);
    assert.throws(() => clock.advance(-1));
    const ids = sequentialIds('s-');
    assert.deepEqual([ids(), ids(), ids()], ['s-1', 's-2', 's-3']);
  });
});

describe('starting a chat', () => {
  test('waiting, with the notice, the case data and a chat invitation offered to a Ready agent', () => {
    const h = createHarness();
    const { sessionId, invitationId } = h.ok('avril', { type: 'start-chat', subject: `  ${SUBJECT} `, caseData: { Order: 'A-1' } });
    const view = h.session('avril', sessionId!)!;
    assert.equal(view.state, 'waiting');
    assert.equal(view.subject, SUBJECT);
    assert.deepEqual(view.caseData, { Order: 'A-1' });
    assert.deepEqual(view.contact, { id: 'avril', name: 'Avril Mai', role: 'contact' });
    assert.deepEqual(texts(view), ['Agent will be with you shortly']);
    assert.equal(view.transcript[0]?.kind === 'notice' && view.transcript[0].notice, 'waiting');
    assert.deepEqual(partyStates(view), { avril: 'connected' }, 'the ringing agent is not shown to the contact');
    const offer = h.invitations('kate')[0]!;
    assert.equal(offer.id, invitationId);
    assert.equal(offer.kind, 'chat');
    assert.deepEqual(offer.target, { id: 'support', kind: 'queue', name: 'Support' });
    assert.deepEqual(h.engine.snapshot('avril').invitations, [], 'contacts are not shown invitations');
  });

  test('a chosen routing point routes to its members', () => {
    const h = createHarness();
    const { invitationId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT, targetId: 'rp-billing' });
    assert.equal(h.invitations('jim')[0]?.id, invitationId);
  });
});

describe('messages and typing', () => {
  test('agent-only notes reach agents only; the client message id is echoed; seq grows by one', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    const { entryId } = h.ok('kate', { type: 'send-message', sessionId, text: ' internal ', visibility: 'agents', clientMessageId: 'c-1' });
    const got = h.since('jim', 'entry-added')[0];
    assert.ok(got?.type === 'entry-added' && got.entry.kind === 'message');
    assert.equal(got.entry.id, entryId);
    assert.equal(got.entry.text, 'internal');
    assert.equal(got.entry.clientMessageId, 'c-1');
    assert.equal(got.entry.visibility, 'agents');
    assert.equal(h.since('kate', 'entry-added').length, 1, 'the sender gets its own entry to reconcile');
    assert.deepEqual(h.since('avril'), []);
    assert.ok(!texts(h.session('avril', sessionId)).includes('internal'));
    const seqs = h.session('kate', sessionId)!.transcript.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, n) => n + 1));
  });

  test('typing reaches the other connected parties who could see the text, and is not stored', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    h.ok('avril', { type: 'set-typing', sessionId, typing: true });
    assert.deepEqual(h.since('kate', 'typing'), [{ type: 'typing', sessionId, user: { id: 'avril', name: 'Avril Mai', role: 'contact' }, typing: true }]);
    assert.equal(h.since('jim', 'typing').length, 1);
    assert.equal(h.since('avril', 'typing').length, 0);
    h.mark();
    h.ok('kate', { type: 'set-typing', sessionId, typing: false });
    assert.equal(h.since('avril', 'typing').length, 1);
    assert.equal(h.since('jim', 'typing').length, 1);
    assert.equal(h.since('kate', 'typing').length, 0);
    assert.equal(h.session('kate', sessionId)!.transcript.length, 3, 'typing adds no entry');
  });
});

describe('invitations', () => {
  test('the initiator cancels: the preview is withdrawn and the ringing party drops out', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    h.ok('kate', { type: 'cancel-invitation', invitationId: invitationId! });
    const withdrawn = h.events('jim', 'invitation-updated').at(-1);
    assert.ok(withdrawn?.type === 'invitation-updated');
    assert.equal(withdrawn.invitation.state, 'cancelled');
    assert.equal(withdrawn.invitation.reason, 'Kate Lewis cancelled the invitation.');
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'left');
    assert.deepEqual(h.invitations('kate'), []);
    assert.equal(h.engine.nextDeadline(), undefined);
    // Jim may be invited again afterwards.
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
  });

  test('a consultation is delivered to its initiator at once, with the target ringing', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.mark();
    const { sessionId: consultationId, invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    const added = h.since('kate', 'session-added')[0];
    assert.ok(added?.type === 'session-added');
    assert.equal(added.session.id, consultationId);
    assert.equal(added.session.state, 'active');
    assert.deepEqual(h.invitations('kate').map((i) => i.id), [invitationId]);
    assert.equal(h.engine.snapshot('jim').sessions.length, 0, 'not shown to Jim while it rings');
  });

  test('an unanswered consultation times out and ends', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    h.advance(30_000);
    const view = h.session('kate', consultationId!)!;
    assert.equal(view.state, 'ended');
    assert.equal(partyStates(view).jim, 'timed-out');
  });

  test('a consultation may also go to a queue: the routed agent joins the consultation', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { sessionId: consultationId, invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'support' });
    assert.equal(partyStates(h.session('kate', consultationId!)).jim, 'invited');
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.deepEqual(partyStates(h.session('jim', consultationId!)), { kate: 'connected', jim: 'connected' });
  });

  test('nextDeadline is the earliest of ring, routing and after-call-work deadlines', () => {
    const h = createHarness({ config: { inviteTimeoutMs: 50_000, routingTimeoutMs: 60_000 } });
    for (const agent of ['jim', 'sam']) h.ok(agent, { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const sessionId = activeChat(h);
    const start = h.clock.now();
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'support' });
    assert.equal(h.engine.nextDeadline(), start + 60_000, 'nobody to ring: the routing deadline');
    h.clock.advance(1_000);
    h.ok('jim', { type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.equal(h.engine.nextDeadline(), start + 51_000, 'Jim rings now');
  });
});

describe('leaving', () => {
  test('the contact closes a chat the agents ended', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    const view = h.session('avril', sessionId)!;
    assert.equal(view.state, 'ended');
    assert.equal(partyStates(view).avril, 'left');
    h.ok('avril', { type: 'leave', sessionId });
    assert.equal(h.session('avril', sessionId), undefined);
  });

  test('an agent who left gets nothing more of the session, but learns when it ends', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.ok('kate', { type: 'leave', sessionId });
    h.mark();
    h.ok('jim', { type: 'send-message', sessionId, text: 'after Kate' });
    h.ok('jim', { type: 'leave', sessionId });
    assert.deepEqual(h.since('kate').map((e) => e.type), ['session-updated']);
    const view = h.session('kate', sessionId)!;
    assert.equal(view.state, 'ended');
    assert.ok(!texts(view).includes('after Kate'));
  });

  test('after Done the wrap-up can no longer be changed', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    const refused = h.exec('kate', { type: 'set-disposition', sessionId, dispositionCode: 'resolved' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-state');
  });

  test('a disposition may be saved while still connected; fields left out are kept', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'set-disposition', sessionId, dispositionCode: 'escalated' });
    h.ok('kate', { type: 'set-disposition', sessionId, note: 'Called back' });
    assert.deepEqual(h.session('kate', sessionId)?.wrapUp, { dispositionCode: 'escalated', note: 'Called back', done: false });
    h.ok('kate', { type: 'set-disposition', sessionId, dispositionCode: '' });
    assert.deepEqual(h.session('kate', sessionId)?.wrapUp, { note: 'Called back', done: false });
  });
});

describe('presence', () => {
  test("a presence change goes into the agent's own stream only; others read it from the directory", () => {
    const h = createHarness();
    h.mark();
    h.ok('kate', { type: 'set-presence', channel: 'voice', state: 'ready' });
    const event = { type: 'presence-updated', userId: 'kate', channel: 'voice', state: 'ready' };
    assert.deepEqual(h.since('kate'), [event]);
    assert.deepEqual(h.since('jim'), [], "another agent's stream does not carry it (they watch through the host)");
    assert.deepEqual(h.since('sam'), []);
    assert.deepEqual(h.since('avril'), []);
    assert.equal((h.engine.target('kate') as AgentEntry).presence.voice, 'ready', 'the directory is current');
    assert.deepEqual(h.engine.snapshot('kate').presence, { chat: 'ready', voice: 'ready', email: 'offline' }, "the agent's snapshot holds their own presence");
    assert.equal(h.engine.snapshot('avril').presence, undefined, 'a contact has no presence');
  });

  test('inviting an agent who is offline for chat is refused by the engine, whatever the client knew', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('jim', { type: 'set-presence', channel: 'chat', state: 'offline' });
    const refused = h.exec('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assert.equal(!refused.ok && refused.error.code, 'invalid-state');
    assert.match(!refused.ok ? refused.error.message : '', /offline/);
  });
});

describe('snapshots, positions and idempotency', () => {
  test('snapshots carry no directory (an agent gets their own presence); the engine lists the internal targets', () => {
    const h = createHarness();
    assert.deepEqual(Object.keys(h.engine.snapshot('kate')).sort(), ['config', 'invitations', 'presence', 'sessions', 'user']);
    assert.deepEqual(Object.keys(h.engine.snapshot('avril')).sort(), ['config', 'invitations', 'sessions', 'user']);
    assert.deepEqual(h.engine.directory().map((d) => d.id), ['kate', 'jim', 'sam', 'support', 'rp-billing']);
    assert.equal(h.engine.target('avril'), undefined, 'contacts are not internal targets');
    assert.deepEqual(h.engine.snapshot('avril').user, { id: 'avril', name: 'Avril Mai', role: 'contact' });
    assert.equal(h.engine.hasUser('avril'), true);
    assert.equal(h.engine.hasUser('mallory'), false);
    assert.throws(() => h.engine.snapshot('mallory'));
  });

  test('each user’s deliveries are numbered 1, 2, 3… and position() gives the last', () => {
    const h = createHarness();
    activeChat(h);
    for (const user of h.users) {
      const positions = h.inbox.get(user)!.map((d) => d.position);
      assert.deepEqual(positions, positions.map((_, n) => n + 1));
      assert.equal(h.engine.position(user), positions.length);
    }
    assert.equal(h.engine.position('mallory'), 0);
  });

  test('a command re-sent with the same id is applied once and answered the same', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const command = { type: 'send-message' as const, sessionId, text: 'once', commandId: 'cmd-1' };
    const first = h.exec('kate', command);
    const second = h.exec('kate', command);
    assert.deepEqual(second, { ...first, deliveries: [] });
    assert.equal(texts(h.session('kate', sessionId)).filter((t) => t === 'once').length, 1);
    assert.ok(h.exec('avril', { ...command, text: 'mine' }).ok, 'ids are per actor');
  });

  test('what a caller does to an answer does not change the answer a re-sent command gets', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const command = { type: 'send-message' as const, sessionId, text: 'once', commandId: 'cmd-2' };
    const first = h.exec('kate', command);
    assert.ok(first.ok && first.value);
    const entryId = (first.value as { entryId: string }).entryId;
    (first.value as { entryId: string }).entryId = 'changed';
    const again = h.exec('kate', command);
    assert.ok(again.ok);
    assert.deepEqual(again.value, { entryId });
    (again.value as { entryId: string }).entryId = 'changed again';
    const third = h.exec('kate', command);
    assert.ok(third.ok);
    assert.deepEqual(third.value, { entryId });
    assert.equal(texts(h.session('kate', sessionId)).filter((t) => t === 'once').length, 1);
  });

  test('command ids are remembered per actor for the last 1000 commands', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'send-message', sessionId, text: 'first', commandId: 'id-0' });
    for (let n = 1; n <= 1000; n++) h.ok('kate', { type: 'set-typing', sessionId, typing: n % 2 === 0, commandId: `id-${n}` });
    h.ok('kate', { type: 'send-message', sessionId, text: 'first', commandId: 'id-0' });
    assert.equal(texts(h.session('kate', sessionId)).filter((t) => t === 'first').length, 2, 'the oldest id was forgotten');
  });

  test('a command id is remembered for an hour: re-sent later, the command is applied again', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const command = { type: 'send-message' as const, sessionId, text: 'hourly', commandId: 'id-h' };
    const first = h.exec('kate', command);
    h.clock.advance(60 * 60 * 1000);
    assert.deepEqual(h.exec('kate', command), { ...first, deliveries: [] }, 'an hour later, the first answer');
    h.clock.advance(1);
    const later = h.exec('kate', command);
    assert.ok(later.ok && later.deliveries.length > 0, 'past the hour, applied again');
    assert.notDeepEqual(later.value, first.ok && first.value);
    assert.equal(texts(h.session('kate', sessionId)).filter((t) => t === 'hourly').length, 2);
    // The new answer is the one remembered from now on.
    assert.deepEqual(h.exec('kate', command), { ...later, deliveries: [] });
  });

  test('a message\'s deliveries carry the event\'s JSON text, exactly what encoding the event gives', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const texts = ['plain', 'quote " and backslash \\ and tab \t', 'line\nbreak \u0000 \u001f \u007f', 'héllo wörld ✓ 你好', 'emoji 😀 and a lone surrogate \ud800', '</script>', `  padded  `];
    let carried = 0;
    for (const [n, text] of texts.entries()) {
      for (const [actor, extra] of [
        ['kate', { visibility: 'agents' as const }],
        ['avril', { clientMessageId: `c-${n} "é"` }],
        ['kate', {}],
      ] as const) {
        const result = h.exec(actor, { type: 'send-message', sessionId, text, ...extra });
        assert.ok(result.ok, result.ok ? '' : result.error.message);
        for (const delivery of result.deliveries) {
          if (delivery.json === undefined) continue;
          carried++;
          assert.equal(delivery.json, JSON.stringify(delivery.event));
        }
        assert.ok(result.deliveries.every((d) => d.json !== undefined), 'every delivery of a message carries its text');
      }
    }
    assert.ok(carried >= texts.length * 3, "each message reached someone");
    // Other events carry none: the host encodes them.
    const left = h.exec('jim', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    assert.ok(left.deliveries.length > 0 && left.deliveries.every((d) => d.json === undefined));
  });

  test('what a receiver does to a delivered event does not reach the engine', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const added = h.events('kate', 'session-added')[0];
    assert.ok(added?.type === 'session-added');
    added.session.transcript.length = 0;
    added.session.parties[0]!.state = 'removed';
    assert.equal(h.session('kate', sessionId)!.transcript.length, 2);
    assert.equal(partyStates(h.session('kate', sessionId)).avril, 'connected');
  });
});

describe('untrusted input', () => {
  test('a case-data key named __proto__ stays plain data', () => {
    const h = createHarness();
    const caseData = JSON.parse('{"__proto__": "x", "Order": "A-1"}') as Record<string, string>;
    const { sessionId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT, caseData });
    const view = h.session('avril', sessionId!)!;
    assert.deepEqual(Object.keys(view.caseData).sort(), ['Order', '__proto__']);
    assert.equal(Object.getPrototypeOf(view.caseData), Object.prototype);
  });

  test('extra fields are ignored rather than stored', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'send-message', sessionId, text: 'hi', from: { id: 'avril' } } as never);
    const entry = h.session('kate', sessionId)!.transcript.at(-1)!;
    assert.equal(entry.kind === 'message' && entry.from.id, 'kate');
  });
});
