/**
 * Every refusal: the typed code (and field where there is one), a readable message, no
 * deliveries, and every user's snapshot and stream position unchanged.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeChat, assertRefused, conference, createHarness } from './harness.js';

function withConsultation() {
  const h = createHarness();
  const sessionId = activeChat(h);
  const { invitationId, sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
  return { h, sessionId, invitationId: invitationId!, consultationId: consultationId! };
}

describe('invalid-command: not a command this engine knows', () => {
  for (const [label, input] of [
    ['null', null],
    ['a string', 'send-message'],
    ['an array', [{ type: 'leave' }]],
    ['no type', { sessionId: 'x' }],
    ['an unknown type', { type: 'launch-rocket' }],
    ['a non-string type', { type: 7 }],
  ] as const) {
    test(label, () => {
      assertRefused(createHarness(), 'kate', input, 'invalid-command');
    });
  }
});

describe('invalid-input: a field of the wrong type or out of bounds names the field', () => {
  test('empty and blank message text', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'kate', { type: 'send-message', sessionId, text: '' }, 'invalid-input', 'text');
    assertRefused(h, 'avril', { type: 'send-message', sessionId, text: '  \n ' }, 'invalid-input', 'text');
  });

  test('4001 characters is refused; 4000 is accepted', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const message = assertRefused(h, 'kate', { type: 'send-message', sessionId, text: 'x'.repeat(4001) }, 'invalid-input', 'text');
    assert.match(message, /4000/);
    h.ok('kate', { type: 'send-message', sessionId, text: 'x'.repeat(4000) });
  });

  test('a disposition code that is not configured, and an over-long note', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    assertRefused(h, 'kate', { type: 'set-disposition', sessionId, dispositionCode: 'sold' }, 'invalid-input', 'dispositionCode');
    assertRefused(h, 'kate', { type: 'set-disposition', sessionId, note: 'n'.repeat(1001) }, 'invalid-input', 'note');
  });

  test('wrong field types', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'kate', { type: 'send-message', sessionId: 42, text: 'hi' }, 'invalid-input', 'sessionId');
    assertRefused(h, 'kate', { type: 'send-message', sessionId, text: { html: '<b>' } }, 'invalid-input', 'text');
    assertRefused(h, 'kate', { type: 'send-message', sessionId, text: 'hi', visibility: 'public' }, 'invalid-input', 'visibility');
    assertRefused(h, 'kate', { type: 'set-typing', sessionId, typing: 'yes' }, 'invalid-input', 'typing');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'chat', targetId: 'jim' }, 'invalid-input', 'kind');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'transfer', targetId: 'jim', consultationId: 'c' }, 'invalid-input', 'consultationId');
    assertRefused(h, 'kate', { type: 'accept-invitation' }, 'invalid-input', 'invitationId');
    assertRefused(h, 'kate', { type: 'set-presence', channel: 'fax', state: 'ready' }, 'invalid-input', 'channel');
    assertRefused(h, 'kate', { type: 'set-presence', channel: 'chat', state: 'busy' }, 'invalid-input', 'state');
    assertRefused(h, 'kate', { type: 'leave', sessionId, commandId: 5 }, 'invalid-input', 'commandId');
  });

  test('start-chat subject and case data', () => {
    const h = createHarness();
    assertRefused(h, 'avril', { type: 'start-chat', subject: '   ' }, 'invalid-input', 'subject');
    assertRefused(h, 'avril', { type: 'start-chat', subject: 's'.repeat(1001) }, 'invalid-input', 'subject');
    assertRefused(h, 'avril', { type: 'start-chat', subject: 'Hi', caseData: { Order: 5 } }, 'invalid-input', 'caseData');
    assertRefused(h, 'avril', { type: 'start-chat', subject: 'Hi', caseData: 'Order' }, 'invalid-input', 'caseData');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, n) => [`k${n}`, 'v']));
    assertRefused(h, 'avril', { type: 'start-chat', subject: 'Hi', caseData: many }, 'invalid-input', 'caseData');
  });
});

describe('unknown ids', () => {
  test('unknown-user: an actor, or a party to remove, not in the directory', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'mallory', { type: 'send-message', sessionId, text: 'hi' }, 'unknown-user');
    assertRefused(h, 'kate', { type: 'remove-party', sessionId, userId: 'mallory' }, 'unknown-user', 'userId');
  });

  test('unknown-session, unknown-invitation, unknown-target', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'kate', { type: 'send-message', sessionId: 'nope', text: 'hi' }, 'unknown-session', 'sessionId');
    assertRefused(h, 'kate', { type: 'accept-invitation', invitationId: 'nope' }, 'unknown-invitation', 'invitationId');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'nowhere' }, 'unknown-target', 'targetId');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'bob' }, 'unknown-target', 'targetId');
    assertRefused(h, 'bob', { type: 'start-chat', subject: 'Hi', targetId: 'kate' }, 'unknown-target', 'targetId');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId: 'nope' }, 'unknown-session', 'consultationId');
  });
});

describe('not-a-party: acting on a session the actor is not connected to', () => {
  test('writing, typing, ending, inviting or removing in someone else’s chat', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    assertRefused(h, 'jim', { type: 'send-message', sessionId, text: 'hi' }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'set-typing', sessionId, typing: true }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'leave', sessionId }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'invite', sessionId, kind: 'conference', targetId: 'sam' }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'remove-party', sessionId, userId: 'kate' }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'set-disposition', sessionId, dispositionCode: 'resolved' }, 'not-a-party');
    assertRefused(h, 'jim', { type: 'mark-done', sessionId }, 'not-a-party');
    assertRefused(h, 'bob', { type: 'send-message', sessionId, text: 'hi' }, 'not-a-party');
    assertRefused(h, 'bob', { type: 'leave', sessionId }, 'not-a-party');
  });

  test('a ringing agent is not a party yet; an agent who left is one no longer', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assertRefused(h, 'jim', { type: 'send-message', sessionId, text: 'hi' }, 'not-a-party');
    assertRefused(h, 'sam', { type: 'send-message', sessionId, text: 'hi' }, 'not-a-party');
  });

  test('conferencing from a consultation the actor is not in', () => {
    const { h, sessionId, invitationId, consultationId } = withConsultation();
    h.ok('jim', { type: 'accept-invitation', invitationId });
    conference(h, sessionId, 'kate', 'sam');
    assertRefused(h, 'sam', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId }, 'not-a-party');
  });
});

describe('invalid-state: the command does not fit the current state', () => {
  test('inviting yourself, a connected or ringing agent, or an offline agent', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('sam', { type: 'set-presence', channel: 'chat', state: 'offline' });
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'kate' }, 'invalid-state');
    const offline = assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'transfer', targetId: 'sam' }, 'invalid-state');
    assert.equal(offline, 'Sam Ortiz is offline for chat and cannot be invited.');
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' }, 'invalid-state');
    const [invitation] = h.invitations('jim');
    h.ok('jim', { type: 'accept-invitation', invitationId: invitation!.id });
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'transfer', targetId: 'jim' }, 'invalid-state');
  });

  test('a second live chat for the same contact', () => {
    const h = createHarness();
    activeChat(h);
    assertRefused(h, 'avril', { type: 'start-chat', subject: 'Another' }, 'invalid-state');
  });

  test('answering an invitation that is no longer pending says how it ended', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    const message = assertRefused(h, 'jim', { type: 'accept-invitation', invitationId }, 'invalid-state');
    assert.equal(message, 'This invitation was already accepted.');
    assertRefused(h, 'jim', { type: 'reject-invitation', invitationId }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'cancel-invitation', invitationId }, 'invalid-state');
  });

  test('writing to, ending or Deleting From an ended session; Done while still connected or twice', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    assertRefused(h, 'kate', { type: 'remove-party', sessionId, userId: 'avril' }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'remove-party', sessionId, userId: 'kate' }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'remove-party', sessionId, userId: 'sam' }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'mark-done', sessionId }, 'invalid-state');
    h.ok('jim', { type: 'leave', sessionId });
    h.ok('kate', { type: 'leave', sessionId });
    assertRefused(h, 'avril', { type: 'send-message', sessionId, text: 'anyone?' }, 'invalid-state');
    h.ok('kate', { type: 'mark-done', sessionId });
    assertRefused(h, 'kate', { type: 'mark-done', sessionId }, 'invalid-state');
    assertRefused(h, 'jim', { type: 'leave', sessionId }, 'invalid-state');
    h.ok('jim', { type: 'mark-done', sessionId });
  });

  test('an ended consultation cannot be ended again or conferenced from', () => {
    const { h, sessionId, invitationId, consultationId } = withConsultation();
    h.ok('jim', { type: 'accept-invitation', invitationId });
    h.ok('jim', { type: 'leave', sessionId: consultationId });
    assertRefused(h, 'kate', { type: 'leave', sessionId: consultationId }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId }, 'invalid-state');
  });

  test('a conference from a consultation must invite its other party, once it has joined', () => {
    const { h, sessionId, invitationId, consultationId } = withConsultation();
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId }, 'invalid-state');
    h.ok('jim', { type: 'accept-invitation', invitationId });
    assertRefused(h, 'kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'sam', consultationId }, 'invalid-state');
    assertRefused(h, 'kate', { type: 'invite', sessionId: consultationId, kind: 'conference', targetId: 'sam' }, 'invalid-state');
  });
});

describe('forbidden: the actor may not do this', () => {
  test('a contact issuing agent commands', () => {
    const { h, sessionId, invitationId } = withConsultation();
    assertRefused(h, 'avril', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' }, 'forbidden');
    assertRefused(h, 'avril', { type: 'accept-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'avril', { type: 'reject-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'avril', { type: 'cancel-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'avril', { type: 'remove-party', sessionId, userId: 'kate' }, 'forbidden');
    assertRefused(h, 'avril', { type: 'set-disposition', sessionId, dispositionCode: 'resolved' }, 'forbidden');
    assertRefused(h, 'avril', { type: 'mark-done', sessionId }, 'forbidden');
    assertRefused(h, 'avril', { type: 'set-presence', channel: 'chat', state: 'ready' }, 'forbidden');
    assertRefused(h, 'avril', { type: 'send-message', sessionId, text: 'psst', visibility: 'agents' }, 'forbidden');
  });

  test('an agent starting a chat; answering or cancelling someone else’s invitation', () => {
    const { h, invitationId } = withConsultation();
    assertRefused(h, 'kate', { type: 'start-chat', subject: 'Hi' }, 'forbidden');
    assertRefused(h, 'sam', { type: 'accept-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'kate', { type: 'accept-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'sam', { type: 'reject-invitation', invitationId }, 'forbidden');
    assertRefused(h, 'jim', { type: 'cancel-invitation', invitationId }, 'forbidden');
  });
});
