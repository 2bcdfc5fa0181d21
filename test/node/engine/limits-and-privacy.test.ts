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

  test('past the byte limit, each entry counted as it travels (its JSON in UTF-8)', () => {
    const h = createHarness({ config: { maxTranscriptBytes: 2000 } });
    const sessionId = activeChat(h);
    const entries = h.session('kate', sessionId)!.transcript;
    const used = entries.reduce((sum, entry) => sum + new TextEncoder().encode(JSON.stringify(entry)).byteLength, 0);
    // "é" takes 2 bytes; the entry around the text takes under 250 with its id and seq.
    const room = 2000 - used - 250;
    h.ok('avril', { type: 'send-message', sessionId, text: 'é'.repeat(Math.floor(room / 2)) });
    assertRefused(h, 'avril', { type: 'send-message', sessionId, text: 'x'.repeat(200) }, 'transcript-full');
    const stored = h.session('kate', sessionId)!.transcript;
    assert.ok(stored.reduce((sum, entry) => sum + new TextEncoder().encode(JSON.stringify(entry)).byteLength, 0) <= 2000);
    const other = activeChat(h, 'bob', 'kate');
    h.ok('bob', { type: 'send-message', sessionId: other, text: '"quoted"' });
    assert.equal(texts(h.session('kate', other)).at(-1), '"quoted"', 'the limit is per session');
  });

  test('however it is filled, a full transcript stays within its limit as it travels', () => {
    const h = createHarness({ config: { maxTranscriptEntries: 500, maxTranscriptBytes: 20_000 } });
    const sessionId = activeChat(h);
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      const text = i % 2 ? `\u0001"${'x'.repeat(i)}` : `😀${'é'.repeat(i)}`;
      if (!h.exec(i % 3 ? 'avril' : 'kate', { type: 'send-message', sessionId, text }).ok) refused++;
    }
    assert.ok(refused > 100, `${refused} refused`);
    const transcriptBytes = new TextEncoder().encode(JSON.stringify(h.session('avril', sessionId)!.transcript)).byteLength;
    assert.ok(transcriptBytes <= 20_000, `the transcript takes ${transcriptBytes} bytes`);
    assert.ok(transcriptBytes > 19_000, 'and the limit is not far under-used');
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
