import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeChat, assertRefused, conference, createHarness, partyStates, texts } from './harness.js';

describe('typing of an agents-only note', () => {
  test('reaches the other agents only: the contact never sees that an agent is typing a note', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    h.ok('kate', { type: 'set-typing', sessionId, typing: true, visibility: 'agents' });
    h.ok('kate', { type: 'set-typing', sessionId, typing: false, visibility: 'agents' });
    assert.deepEqual(h.since('avril'), [], 'nothing at all for the contact');
    assert.deepEqual(
      h.since('jim', 'typing'),
      [
        { type: 'typing', sessionId, user: { id: 'kate', name: 'Kate Lewis', role: 'agent' }, typing: true },
        { type: 'typing', sessionId, user: { id: 'kate', name: 'Kate Lewis', role: 'agent' }, typing: false },
      ],
    );
    h.mark();
    h.ok('kate', { type: 'set-typing', sessionId, typing: true, visibility: 'all' });
    assert.equal(h.since('avril', 'typing').length, 1, 'typing a message for everyone is shown to the contact');
  });

  test('a typing signal with another visibility is refused as invalid input', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'kate', { type: 'set-typing', sessionId, typing: true, visibility: 'contact' }, 'invalid-input', 'visibility');
  });
});

describe('transcript limits', () => {
  test('past the entry limit a message is refused transcript-full, changing nothing; notices still go in', () => {
    const h = createHarness({ config: { maxTranscriptEntries: 6 } });
    const sessionId = activeChat(h); // "Agent will be with you shortly", "New party 'Kate Lewis' has joined the session"
    for (let i = 1; i <= 4; i++) h.ok(i % 2 ? 'avril' : 'kate', { type: 'send-message', sessionId, text: `message ${i}` });
    const message = assertRefused(h, 'avril', { type: 'send-message', sessionId, text: 'one too many' }, 'transcript-full');
    assert.match(message, /transcript is full \(at most 6 entries/);
    assertRefused(h, 'kate', { type: 'send-message', sessionId, text: 'a note', visibility: 'agents' }, 'transcript-full');
    conference(h, sessionId, 'kate', 'jim'); // the joined notice is not refused
    assert.equal(texts(h.session('kate', sessionId)).at(-1), "New party 'Jim Miller' has joined the session");
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('jim', { type: 'leave', sessionId });
    assert.equal(h.session('avril', sessionId)?.state, 'ended', 'the chat can still end');
  });

  test('past the byte limit, counted as the texts travel (JSON escapes and UTF-8 included)', () => {
    const h = createHarness({ config: { maxTranscriptBytes: 400 } });
    const sessionId = activeChat(h);
    const used = texts(h.session('kate', sessionId)).reduce((sum, text) => sum + JSON.stringify(text).length, 0);
    h.ok('avril', { type: 'send-message', sessionId, text: 'é'.repeat(Math.floor((400 - used - 2) / 2)) });
    assertRefused(h, 'avril', { type: 'send-message', sessionId, text: 'x' }, 'transcript-full');
    const other = activeChat(h, 'bob', 'kate');
    h.ok('bob', { type: 'send-message', sessionId: other, text: '"quoted"' });
    assert.equal(texts(h.session('kate', other)).at(-1), '"quoted"', 'the limit is per session');
  });

  test('a session the cap was reached in stays readable: its snapshot is bounded by the limits', () => {
    const h = createHarness({ config: { maxTranscriptEntries: 50, maxTranscriptBytes: 20_000 } });
    const sessionId = activeChat(h);
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      const result = h.exec('avril', { type: 'send-message', sessionId, text: `\u0001"${'x'.repeat(300)}` });
      if (!result.ok) refused++;
    }
    assert.ok(refused > 100);
    const snapshotBytes = new TextEncoder().encode(JSON.stringify(h.engine.snapshot('avril'))).byteLength;
    const textBytes = new TextEncoder().encode(JSON.stringify(texts(h.session('avril', sessionId)))).byteLength;
    assert.ok(textBytes <= 20_000, `the texts take ${textBytes} bytes`);
    assert.ok(snapshotBytes < 20_000 + 50 * 200, `the snapshot takes ${snapshotBytes} bytes`);
  });
});

describe('what the contact sees of agents', () => {
  test('an agent who joined, left and rings again is not shown ringing to the contact', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.ok('jim', { type: 'leave', sessionId });
    h.mark();
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'invited', 'Kate sees Jim ringing');
    assert.equal(partyStates(h.session('avril', sessionId)).jim, 'left', 'Avril still sees Jim as he left');
    assert.ok(
      h.since('avril').every((e) => e.type !== 'party-updated' || e.party.state !== 'invited'),
      'no ringing party reaches the contact',
    );
  });
});

describe('routing counts every offer against capacity', () => {
  for (const kind of ['conference', 'transfer'] as const) {
    test(`a ringing ${kind} offer takes the agent's capacity: a new chat is not routed to them meanwhile`, () => {
      const h = createHarness();
      h.ok('jim', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
      const sessionId = activeChat(h); // Kate's chat
      const { invitationId: offer } = h.ok('kate', { type: 'invite', sessionId, kind, targetId: 'sam' }); // Sam (capacity 1) rings
      h.ok('kate', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
      const { invitationId: chat } = h.ok('bob', { type: 'start-chat', subject: 'Refund' });
      assert.deepEqual(h.invitations('sam').map((i) => i.id), [offer], `Sam's one place is held by the ${kind} offer`);
      h.ok('sam', { type: 'reject-invitation', invitationId: offer! });
      assert.deepEqual(h.invitations('sam').map((i) => i.id), [chat], 'once it is released, the chat is offered to Sam');
    });
  }
});
