import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createChatEngine } from '../../../src/engine/index.js';
import { inspectEngine, sequentialIds } from '../../../src/engine/testing.js';
import type { Command } from '../../../src/engine/types.js';
import { activeChat, createHarness, seedDirectory, SUBJECT, type Harness } from './harness.js';

/** The whole chat of one contact with one agent, until everyone is through with it. */
function finishedChat(h: Harness, contact = 'avril', agent = 'kate'): string {
  const sessionId = activeChat(h, contact, agent);
  h.ok(contact, { type: 'send-message', sessionId, text: 'Hello' });
  h.ok(agent, { type: 'send-message', sessionId, text: 'Hi, how can I help?' });
  h.ok(agent, { type: 'leave', sessionId });
  h.ok(agent, { type: 'set-disposition', sessionId, dispositionCode: 'resolved', note: 'ok' });
  h.ok(agent, { type: 'mark-done', sessionId });
  h.ok(contact, { type: 'leave', sessionId });
  h.ok(agent, { type: 'set-presence', channel: 'chat', state: 'ready' });
  return sessionId;
}

const stateSize = (h: Harness) => JSON.stringify(h.engine.exportState()).length;

describe('finished sessions are forgotten', () => {
  test('a session is kept while anyone still has it, and evicted once the agent is Done and the contact closed it', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(h.engine.sessionCount(), 1, 'the contact still has the ended chat open');
    assert.equal(h.session('avril', sessionId)?.state, 'ended');

    h.ok('avril', { type: 'leave', sessionId });
    assert.equal(h.engine.sessionCount(), 0, 'nobody has it any more');
    assert.deepEqual(inspectEngine(h.engine).sessions, []);

    for (const [actor, command] of [
      ['kate', { type: 'send-message', sessionId, text: 'late' }],
      ['kate', { type: 'mark-done', sessionId }],
      ['kate', { type: 'set-disposition', sessionId, dispositionCode: 'resolved' }],
      ['avril', { type: 'leave', sessionId }],
    ] as [string, Command][]) {
      const result = h.exec(actor, command);
      assert.deepEqual(result.ok ? undefined : result.error, {
        code: 'unknown-session',
        message: `There is no session '${sessionId}'.`,
        field: 'sessionId',
      }, `${actor} ${command.type}`);
      assert.deepEqual(result.deliveries, []);
    }
  });

  test('the agent who has not marked Done keeps the session on the desktop', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('avril', { type: 'leave', sessionId });
    assert.equal(h.engine.sessionCount(), 1);
    assert.equal(h.session('kate', sessionId)?.state, 'ended', 'Kate can still set a disposition and press Done');
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(h.engine.sessionCount(), 0);
  });

  test('an interaction stays while one of its consultations is held, and both go when that is finished', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId, sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('avril', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(h.engine.sessionCount(), 2, 'Jim still chats in the consultation');
    assert.ok(h.session('jim', consultationId!), 'Jim still sees the consultation');

    h.ok('jim', { type: 'leave', sessionId: consultationId! });
    h.ok('jim', { type: 'mark-done', sessionId: consultationId! });
    assert.equal(h.engine.sessionCount(), 2, 'Kate has not marked the ended consultation Done yet');
    h.ok('kate', { type: 'mark-done', sessionId: consultationId! });
    assert.equal(h.engine.sessionCount(), 0);
    const late = h.exec('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.deepEqual(late.ok ? undefined : late.error.code, 'invalid-state', 'a late answer is still told the invitation is over');
  });

  test('state after 10,000 finished sessions is within a small constant of the state after 1,100', () => {
    const h = createHarness();
    h.ok('kate', { type: 'set-presence', channel: 'chat', state: 'ready' });
    for (let i = 0; i < 1100; i++) finishedChat(h);
    const after1100 = stateSize(h);
    for (let i = 1100; i < 10_000; i++) finishedChat(h);
    const after10k = stateSize(h);
    assert.equal(h.engine.sessionCount(), 0);
    assert.ok(after10k <= after1100 * 1.05, `state grew from ${after1100} to ${after10k} bytes`);
  });
});

describe('engine snapshots', () => {
  test('an engine restored from exportState answers and delivers exactly as the original from then on', () => {
    // The harness's engine, with an id source whose count can be carried over, as a host does.
    let counter = 0;
    const h = createHarness({ ids: () => `id${++counter}` });
    finishedChat(h);
    const open = activeChat(h, 'bob', 'kate');
    h.ok('kate', { type: 'invite', sessionId: open, kind: 'conference', targetId: 'jim' });
    const { sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId: open, kind: 'consultation', targetId: 'jim' });
    h.ok('bob', { type: 'send-message', sessionId: open, text: 'still there?', commandId: 'c-1' });

    const saved = JSON.parse(JSON.stringify(h.engine.exportState()));
    // What a server writes to disk: the same text, and it shares nothing with the engine.
    assert.equal(h.engine.exportStateJson(), JSON.stringify(h.engine.exportState()));
    let restoredCounter = counter;
    const restored = createChatEngine({ clock: h.clock.now, ids: () => `id${++restoredCounter}`, directory: seedDirectory(), restore: saved });
    for (const user of h.users) assert.deepEqual(restored.snapshot(user), h.engine.snapshot(user), user);

    const script: [string, Command][] = [
      ['bob', { type: 'send-message', sessionId: open, text: 'still there?', commandId: 'c-1' }],
      ['jim', { type: 'send-message', sessionId: consultationId!, text: 'here' }],
      ['avril', { type: 'start-chat', subject: SUBJECT }],
      ['kate', { type: 'leave', sessionId: open }],
      ['kate', { type: 'mark-done', sessionId: open }],
      ['bob', { type: 'leave', sessionId: open }],
    ];
    for (const [actor, command] of script) {
      assert.deepEqual(restored.execute(actor, command), h.exec(actor, command), `${actor} ${command.type}`);
    }
    h.clock.advance(60_000);
    assert.deepEqual(restored.tick(), h.engine.tick(), 'the same deadlines fall due');
    for (const user of h.users) assert.deepEqual(restored.snapshot(user), h.engine.snapshot(user), user);
    assert.deepEqual(restored.exportState(), h.engine.exportState());
  });

  test('a snapshot that does not fit the directory is refused with a readable error', () => {
    const h = createHarness();
    activeChat(h);
    const saved = h.engine.exportState();
    const directory = seedDirectory().filter((entry) => entry.id !== 'avril');
    assert.throws(
      () => createChatEngine({ clock: h.clock.now, ids: sequentialIds('x'), directory, restore: saved }),
      { name: 'TypeError', message: /Invalid engine snapshot: .*'avril', who is not in the directory/ },
    );
    assert.throws(
      () => createChatEngine({ clock: h.clock.now, ids: sequentialIds('x'), directory: seedDirectory(), restore: { ...saved, version: 2 as 1 } }),
      { name: 'TypeError', message: /version 2 is not 1/ },
    );
  });
});
