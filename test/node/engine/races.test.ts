/**
 * The races users hit in real contact centers. Choices made (documented in the engine):
 * - The initiator ends while its invitation is pending: the invitation is CANCELLED and the
 *   invitee's preview withdrawn (rather than letting a late accept join a conference its
 *   initiator abandoned).
 * - A routed invitation belongs to one agent at a time: only the agent it rings for can
 *   accept; an agent it was offered to before gets invalid-state.
 * - Deadlines are processed before every command: a command at or after `expiresAt` sees
 *   the timed-out state; one millisecond before, it still succeeds.
 * - The contact leaving cancels the pending chat, conference and transfer invitations of
 *   the chat (consultations are between agents and stay).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeChat, conference, createHarness, partyStates, SUBJECT } from './harness.js';

const last = (h: ReturnType<typeof createHarness>, user: string) => {
  const e = h.events(user, 'invitation-updated').at(-1);
  assert.ok(e?.type === 'invitation-updated');
  return e.invitation;
};

describe('the initiator ends while its invitation is pending', () => {
  test('the invitation is cancelled and the preview withdrawn; a late accept is refused', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    h.ok('kate', { type: 'leave', sessionId });
    const withdrawn = last(h, 'jim');
    assert.equal(withdrawn.state, 'cancelled');
    assert.equal(withdrawn.reason, 'Kate Lewis left the session.');
    assert.deepEqual(h.invitations('jim'), []);
    assert.equal(h.session('avril', sessionId)?.state, 'ended', 'Kate was the only agent');
    const late = h.exec('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.deepEqual(late.ok ? undefined : late.error, { code: 'invalid-state', message: 'This invitation was already cancelled.' });
  });

  test('with another agent connected, ownership moves on and the ringing party drops out', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'sam');
    h.ok('kate', { type: 'invite', sessionId, kind: 'transfer', targetId: 'jim' });
    h.ok('kate', { type: 'leave', sessionId });
    const view = h.session('sam', sessionId)!;
    assert.equal(view.ownerId, 'sam');
    assert.equal(partyStates(view).jim, 'left', 'shown as left: it never joined');
    assert.equal(last(h, 'jim').state, 'cancelled');
  });

  test('a pending consultation invitation is cancelled and its consultation ends', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'jim' });
    h.ok('kate', { type: 'leave', sessionId });
    assert.equal(last(h, 'jim').state, 'cancelled');
    assert.equal(h.session('kate', consultationId!)?.state, 'ended');
  });
});

describe('two agents accept the same queue invitation', () => {
  test('only the agent it is routed to can accept it', () => {
    const h = createHarness();
    const { invitationId, sessionId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT });
    const other = h.exec('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(other.ok ? 'ok' : other.error.code, 'forbidden');
    h.ok('kate', { type: 'accept-invitation', invitationId: invitationId! });
    const again = h.exec('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(again.ok ? 'ok' : again.error.code, 'forbidden');
    assert.deepEqual(partyStates(h.session('avril', sessionId!)), { avril: 'connected', kate: 'connected' });
  });

  test('an agent whose offer timed out cannot accept after it was routed on', () => {
    const h = createHarness();
    const { invitationId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT });
    h.advance(30_000);
    assert.equal(h.invitations('jim')[0]?.id, invitationId);
    const late = h.exec('kate', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(late.ok ? 'ok' : late.error.code, 'invalid-state');
    assert.match(late.ok ? '' : late.error.message, /timed out/);
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
  });

  test('an agent who rejected cannot accept after it was routed on', () => {
    const h = createHarness();
    const { invitationId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT });
    h.ok('kate', { type: 'reject-invitation', invitationId: invitationId! });
    const late = h.exec('kate', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(late.ok ? 'ok' : late.error.code, 'invalid-state');
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
  });
});

describe('the invitee accepts just as the invitation times out', () => {
  const setup = () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    const expiresAt = h.invitations('jim')[0]!.expiresAt!;
    return { h, sessionId, invitationId: invitationId!, expiresAt };
  };

  test('one millisecond before expiresAt the accept succeeds', () => {
    const { h, sessionId, invitationId, expiresAt } = setup();
    h.clock.set(expiresAt - 1);
    h.ok('jim', { type: 'accept-invitation', invitationId });
    assert.equal(partyStates(h.session('avril', sessionId)).jim, 'connected');
  });

  test('at expiresAt, even before any tick, the accept sees the timed-out state', () => {
    const { h, sessionId, invitationId, expiresAt } = setup();
    h.clock.set(expiresAt);
    const result = h.exec('jim', { type: 'accept-invitation', invitationId });
    assert.deepEqual(result.ok ? undefined : result.error, { code: 'invalid-state', message: 'This invitation has already timed out.' });
    assert.ok(
      result.deliveries.some((d) => d.to === 'kate' && d.event.type === 'invitation-updated' && d.event.invitation.state === 'timed-out'),
      'the time-out itself is delivered with the refusal',
    );
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'timed-out');
  });
});

describe('the contact leaves while an invitation is pending', () => {
  test('a ringing chat is withdrawn from the agent and the waiting chat ends', () => {
    const h = createHarness();
    const { invitationId, sessionId } = h.ok('avril', { type: 'start-chat', subject: SUBJECT });
    h.ok('avril', { type: 'leave', sessionId: sessionId! });
    const withdrawn = last(h, 'kate');
    assert.equal(withdrawn.state, 'cancelled');
    assert.equal(withdrawn.reason, 'Avril Mai left the chat.');
    assert.equal(h.session('avril', sessionId!), undefined);
    assert.deepEqual(h.events('avril').at(-1), { type: 'session-removed', sessionId });
    const late = h.exec('kate', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(late.ok ? 'ok' : late.error.code, 'invalid-state');
    h.ok('avril', { type: 'start-chat', subject: 'Second try' });
  });

  test('conference and transfer requests are cancelled; a consultation stays; agents stay connected', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    const { sessionId: consultationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'consultation', targetId: 'sam' });
    h.mark();
    h.ok('avril', { type: 'leave', sessionId });
    assert.equal(last(h, 'jim').state, 'cancelled');
    assert.equal(h.invitations('sam')[0]?.consultationId, consultationId, 'the consultation request still rings');
    const kateView = h.session('kate', sessionId)!;
    assert.equal(kateView.state, 'active');
    assert.equal(partyStates(kateView).avril, 'left');
    assert.deepEqual(h.since('avril'), [{ type: 'session-removed', sessionId }], 'the contact hears nothing more');
    h.ok('kate', { type: 'send-message', sessionId, text: 'Customer left; noting for the record.' });
    assert.deepEqual(h.since('avril').length, 1);
  });
});
