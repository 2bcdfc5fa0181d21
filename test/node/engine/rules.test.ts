/** One test (or a few) per rule of DESIGN.md "Rules the seed fixes". */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEntry } from '../../../src/engine/index.js';
import { activeChat, conference, createHarness, partyStates, texts } from './harness.js';

const presenceOf = (h: ReturnType<typeof createHarness>, agent: string) =>
  (h.engine.target(agent) as AgentEntry).presence.chat;

const lastInvitation = (h: ReturnType<typeof createHarness>, user: string) => {
  const e = h.events(user, 'invitation-updated').at(-1);
  assert.ok(e?.type === 'invitation-updated');
  return e.invitation;
};

describe('rule 1: instant conference invitation, preview, accept, reject, time-out', () => {
  test('the target is notified with a preview and, on accept, joins with the whole transcript', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'send-message', sessionId, text: 'agents only', visibility: 'agents' });
    h.mark();
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    const preview = lastInvitation(h, 'jim');
    assert.equal(preview.id, invitationId);
    assert.equal(preview.kind, 'conference');
    assert.equal(preview.origin, 'Inbound chat');
    assert.deepEqual(preview.target, { id: 'jim', kind: 'agent', name: 'Jim Miller' });
    assert.deepEqual(preview.contact, { id: 'avril', name: 'Avril Mai', role: 'contact' }, 'the preview names the customer, as the seed titles it');
    assert.equal(h.session('jim', sessionId), undefined, 'no session until Jim joins');
    assert.deepEqual(h.since('jim', 'entry-added'), [], 'nothing of the transcript while ringing');

    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    const joined = "New party 'Jim Miller' has joined the session";
    assert.ok(texts(h.session('jim', sessionId)).includes('agents only'));
    assert.equal(texts(h.session('kate', sessionId)).at(-1), joined);
    assert.equal(texts(h.session('avril', sessionId)).at(-1), joined);
    assert.equal(lastInvitation(h, 'kate').state, 'accepted');
    assert.deepEqual(h.invitations('jim'), []);
  });

  test('reject releases the request and tells the initiator', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    h.mark();
    h.ok('jim', { type: 'reject-invitation', invitationId: invitationId! });
    const told = lastInvitation(h, 'kate');
    assert.equal(told.state, 'rejected');
    assert.equal(told.reason, 'Jim Miller rejected the invitation.');
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'rejected');
    assert.deepEqual(h.invitations('kate'), []);
    assert.deepEqual(h.invitations('jim'), []);
    assert.deepEqual(h.since('avril'), []);
  });

  test('an unanswered request times out after inviteTimeoutMs and the initiator is told', () => {
    const h = createHarness({ config: { inviteTimeoutMs: 5_000 } });
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
    assert.equal(h.engine.nextDeadline(), h.clock.now() + 5_000);
    h.advance(5_000);
    const told = lastInvitation(h, 'kate');
    assert.equal(told.state, 'timed-out');
    assert.equal(told.reason, 'Jim Miller did not answer in time.');
    assert.equal(lastInvitation(h, 'jim').state, 'timed-out', "Jim's preview closes");
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'timed-out');
    assert.equal(h.engine.nextDeadline(), undefined);
  });
});

describe('rule 2: the initiating agent ends while another agent is connected', () => {
  test('the interaction is transferred to the remaining agent and the contact stays connected', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    h.ok('kate', { type: 'leave', sessionId });
    const updated = h.since('avril', 'session-updated').at(-1);
    assert.deepEqual(updated, { type: 'session-updated', sessionId, state: 'active', ownerId: 'jim' });
    assert.equal(h.since('jim', 'session-updated').length, 1);
    assert.equal(partyStates(h.session('avril', sessionId)).avril, 'connected');
    assert.equal(h.since('kate', 'session-updated').length, 0, 'Kate hears nothing more once she has left');
  });

  test('ownership goes to the earliest-joined agent still connected', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'sam');
    conference(h, sessionId, 'kate', 'jim');
    h.ok('kate', { type: 'leave', sessionId });
    assert.equal(h.session('jim', sessionId)?.ownerId, 'sam');
  });

  test('a non-owner leaving does not move ownership', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    h.ok('jim', { type: 'leave', sessionId });
    assert.equal(h.session('kate', sessionId)?.ownerId, 'kate');
    assert.deepEqual(h.since('avril', 'session-updated'), []);
  });
});

describe('rule 3: a conferenced agent can end, conference further, or transfer', () => {
  test('the conferenced agent ends its own connection; the conference goes on without it', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.ok('jim', { type: 'leave', sessionId });
    assert.equal(h.session('avril', sessionId)?.state, 'active');
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'left');
    assert.equal(partyStates(h.session('jim', sessionId)).jim, 'left');
  });

  test('the conferenced agent starts a further conference', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    conference(h, sessionId, 'jim', 'sam');
    assert.deepEqual(partyStates(h.session('avril', sessionId)), {
      avril: 'connected',
      kate: 'connected',
      jim: 'connected',
      sam: 'connected',
    });
  });

  test('the conferenced agent transfers: on accept it leaves and the target owns the interaction', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    conference(h, sessionId, 'jim', 'sam', 'transfer');
    const view = h.session('avril', sessionId)!;
    assert.deepEqual(partyStates(view), { avril: 'connected', kate: 'connected', jim: 'left', sam: 'connected' });
    assert.equal(view.ownerId, 'sam');
    assert.deepEqual(texts(view).slice(-2), [
      "New party 'Sam Ortiz' has joined the session",
      "Party 'Jim Miller' has left the session",
    ]);
    assert.deepEqual(h.session('jim', sessionId)?.wrapUp, { done: false }, 'Jim wraps up');
  });
});

describe('rule 4: Delete From Conference', () => {
  test('removes the party with the left notice; the removed agent sees Ended and wraps up', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'jim');
    h.mark();
    h.ok('kate', { type: 'remove-party', sessionId, userId: 'jim' });
    assert.equal(partyStates(h.session('avril', sessionId)).jim, 'removed');
    assert.equal(texts(h.session('avril', sessionId)).at(-1), "Party 'Jim Miller' has left the session");
    const jimView = h.session('jim', sessionId)!;
    assert.equal(partyStates(jimView).jim, 'removed');
    assert.deepEqual(jimView.wrapUp, { done: false });
    assert.deepEqual(
      h.since('jim').map((e) => e.type),
      ['party-updated', 'entry-added'],
    );
    h.ok('avril', { type: 'send-message', sessionId, text: 'still here' });
    assert.ok(!texts(h.session('jim', sessionId)).includes('still here'), 'the removed agent gets nothing more');
    h.ok('jim', { type: 'mark-done', sessionId });
    assert.equal(h.session('jim', sessionId), undefined);
  });

  test('removing the owner gives ownership to the agent who removed them', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'sam');
    conference(h, sessionId, 'kate', 'jim');
    h.ok('jim', { type: 'remove-party', sessionId, userId: 'kate' });
    assert.equal(h.session('avril', sessionId)?.ownerId, 'jim');
  });
});

describe('rule 5: ending, disposition, Done, after-call work', () => {
  test('the last agent ending ends the interaction; disposition is saved; Done closes it', () => {
    const h = createHarness({ config: { disposition: { codes: [{ id: 'sale', label: 'Sale' }], style: 'radio', required: true } } });
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    const ended = h.session('kate', sessionId)!;
    assert.equal(ended.state, 'ended');
    assert.equal(h.session('avril', sessionId)?.state, 'ended');
    assert.equal(h.engine.snapshot('kate').config.disposition.style, 'radio');
    const refused = h.exec('kate', { type: 'mark-done', sessionId });
    assert.equal(!refused.ok && refused.error.code, 'invalid-input', 'a required code must be saved before Done');
    h.ok('kate', { type: 'set-disposition', sessionId, dispositionCode: 'sale', note: 'Sold' });
    assert.deepEqual(h.session('kate', sessionId)?.wrapUp, { dispositionCode: 'sale', note: 'Sold', done: false });
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(h.session('kate', sessionId), undefined);
    assert.deepEqual(h.events('kate', 'session-removed'), [{ type: 'session-removed', sessionId }]);
  });

  test('a Ready agent goes to After Call Work on Done and back to Ready after the configured time', () => {
    const h = createHarness({ config: { afterCallWork: { mode: 'timed', durationMs: 3_000 } } });
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(presenceOf(h, 'kate'), 'after-call-work');
    h.advance(2_999);
    assert.equal(presenceOf(h, 'kate'), 'after-call-work');
    h.advance(1);
    assert.equal(presenceOf(h, 'kate'), 'ready');
  });

  test('manual after-call work stays until the agent sets Ready', () => {
    const h = createHarness({ config: { afterCallWork: { mode: 'manual', durationMs: 0 } } });
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.equal(presenceOf(h, 'kate'), 'after-call-work');
    assert.equal(h.engine.nextDeadline(), undefined);
    h.ok('kate', { type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.equal(presenceOf(h, 'kate'), 'ready');
  });

  test("mode 'none' leaves presence as it was; a Not Ready agent stays Not Ready", () => {
    const none = createHarness({ config: { afterCallWork: { mode: 'none', durationMs: 0 } } });
    const s1 = activeChat(none);
    none.ok('kate', { type: 'leave', sessionId: s1 });
    none.ok('kate', { type: 'mark-done', sessionId: s1 });
    assert.equal(presenceOf(none, 'kate'), 'ready');

    const timed = createHarness();
    const s2 = activeChat(timed);
    timed.ok('kate', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    timed.ok('kate', { type: 'leave', sessionId: s2 });
    timed.ok('kate', { type: 'mark-done', sessionId: s2 });
    assert.equal(presenceOf(timed, 'kate'), 'not-ready');
    assert.equal(timed.engine.nextDeadline(), undefined);
  });

  test('an agent who changes presence during after-call work keeps what they chose', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    h.ok('kate', { type: 'leave', sessionId });
    h.ok('kate', { type: 'mark-done', sessionId });
    h.ok('kate', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    h.advance(60_000);
    assert.equal(presenceOf(h, 'kate'), 'not-ready');
  });
});

describe('rule 6: consultation', () => {
  test('its transcript belongs to its two parties: not the contact, not other agents of the interaction', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    conference(h, sessionId, 'kate', 'sam');
    const { invitationId, sessionId: consultationId } = h.ok('kate', {
      type: 'invite',
      sessionId,
      kind: 'consultation',
      targetId: 'jim',
    });
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    h.mark();
    h.ok('kate', { type: 'send-message', sessionId: consultationId!, text: 'private' });
    h.ok('jim', { type: 'set-typing', sessionId: consultationId!, typing: true });
    assert.equal(h.since('jim', 'entry-added').length, 1);
    assert.equal(h.since('kate', 'typing').length, 1);
    assert.deepEqual(h.since('avril'), []);
    assert.deepEqual(h.since('sam'), []);
    assert.equal(h.session('sam', consultationId!), undefined);
    assert.equal(h.session('avril', consultationId!), undefined);
  });

  test('a rejected consultation ends; the initiator marks it Done', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId, sessionId: consultationId } = h.ok('kate', {
      type: 'invite',
      sessionId,
      kind: 'consultation',
      targetId: 'jim',
    });
    h.ok('jim', { type: 'reject-invitation', invitationId: invitationId! });
    const view = h.session('kate', consultationId!)!;
    assert.equal(view.state, 'ended');
    assert.equal(partyStates(view).jim, 'rejected');
    h.ok('kate', { type: 'mark-done', sessionId: consultationId! });
    assert.equal(h.session('kate', consultationId!), undefined);
    assert.equal(h.session('kate', sessionId)?.state, 'active', 'the interaction goes on');
  });

  test('either party ending the consultation ends it for both', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId, sessionId: consultationId } = h.ok('kate', {
      type: 'invite',
      sessionId,
      kind: 'consultation',
      targetId: 'jim',
    });
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    h.ok('jim', { type: 'leave', sessionId: consultationId! });
    assert.equal(h.session('kate', consultationId!)?.state, 'ended');
    assert.equal(h.session('jim', consultationId!)?.state, 'ended');
    const refused = h.exec('kate', { type: 'send-message', sessionId: consultationId!, text: 'hello?' });
    assert.equal(!refused.ok && refused.error.code, 'invalid-state');
  });

  test('Done on the interaction also closes consultations the agent is through with', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId, sessionId: consultationId } = h.ok('kate', {
      type: 'invite',
      sessionId,
      kind: 'consultation',
      targetId: 'jim',
    });
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    h.ok('kate', { type: 'leave', sessionId: consultationId! });
    h.ok('kate', { type: 'leave', sessionId });
    h.mark();
    h.ok('kate', { type: 'mark-done', sessionId });
    assert.deepEqual(
      h.since('kate', 'session-removed').map((e) => e.type === 'session-removed' && e.sessionId),
      [sessionId, consultationId],
    );
  });
});

describe('rule 7: invitations to a queue or routing point go to a Ready agent of that target', () => {
  test('the first Ready member with free capacity is offered the chat, one agent at a time', () => {
    const h = createHarness();
    h.ok('kate', { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const { invitationId } = h.ok('avril', { type: 'start-chat', subject: 'Help with on line purchase' });
    assert.equal(h.invitations('jim')[0]?.id, invitationId, 'Kate is Not Ready, so Jim is next');
    assert.deepEqual(h.invitations('sam'), [], 'only one agent rings at a time');
  });

  test('reject and time-out move the offer on to the next eligible agent', () => {
    const h = createHarness();
    const { invitationId, sessionId } = h.ok('avril', { type: 'start-chat', subject: 'Help with on line purchase' });
    h.ok('kate', { type: 'reject-invitation', invitationId: invitationId! });
    assert.equal(lastInvitation(h, 'kate').state, 'rejected', "Kate's preview closes");
    assert.equal(h.invitations('jim')[0]?.expiresAt, h.clock.now() + 30_000);
    h.advance(30_000);
    assert.equal(lastInvitation(h, 'jim').state, 'timed-out');
    assert.equal(h.invitations('sam')[0]?.id, invitationId);
    h.ok('sam', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(h.session('avril', sessionId!)?.ownerId, 'sam');
    assert.deepEqual(partyStates(h.session('avril', sessionId!)), { avril: 'connected', sam: 'connected' });
    assert.deepEqual(partyStates(h.session('sam', sessionId!)), {
      avril: 'connected',
      kate: 'rejected',
      jim: 'timed-out',
      sam: 'connected',
    });
  });

  test('with nobody eligible the chat waits, and is offered as soon as an agent becomes Ready', () => {
    const h = createHarness();
    for (const agent of ['kate', 'jim', 'sam']) h.ok(agent, { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const { invitationId } = h.ok('avril', { type: 'start-chat', subject: 'Help with on line purchase' });
    assert.equal(h.engine.nextDeadline(), undefined, 'a contact chat never expires in total');
    h.advance(10 * 60_000);
    assert.equal(h.session('avril', h.engine.snapshot('avril').sessions[0]!.id)?.state, 'waiting');
    h.ok('jim', { type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.equal(h.invitations('jim')[0]?.id, invitationId);
  });

  test('an agent at capacity is skipped and is offered again once capacity frees up', () => {
    const h = createHarness();
    for (const agent of ['kate', 'jim']) h.ok(agent, { type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const first = activeChat(h, 'avril', 'sam');
    const { invitationId } = h.ok('bob', { type: 'start-chat', subject: 'Refund' });
    assert.deepEqual(h.invitations('sam'), [], 'Sam holds one chat, his capacity');
    h.ok('sam', { type: 'leave', sessionId: first });
    assert.equal(h.invitations('sam')[0]?.id, invitationId);
  });

  test('a routing point routes to its own members; an agent-initiated one times out in total', () => {
    const h = createHarness({ config: { routingTimeoutMs: 90_000, inviteTimeoutMs: 20_000 } });
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'rp-billing' });
    assert.equal(h.invitations('jim')[0]?.id, invitationId, 'Jim is the first member of Billing');
    assert.equal(partyStates(h.session('kate', sessionId)).jim, 'invited');
    h.advance(20_000);
    assert.equal(h.invitations('sam')[0]?.id, invitationId);
    h.advance(20_000);
    const waiting = h.invitations('kate')[0]!;
    assert.equal(waiting.state, 'pending');
    assert.equal(waiting.invitee, undefined, 'nobody left to offer it to: it waits');
    assert.equal(h.engine.nextDeadline(), h.clock.now() + 50_000);
    h.advance(50_000);
    const told = lastInvitation(h, 'kate');
    assert.equal(told.state, 'timed-out');
    assert.equal(told.reason, 'No agent of Billing answered in time.');
  });

  test('accepting a routed conference joins the routed agent to the interaction', () => {
    const h = createHarness();
    const sessionId = activeChat(h);
    const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'support' });
    assert.equal(h.invitations('jim')[0]?.id, invitationId, 'Kate is already connected, so Jim is offered it');
    h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
    assert.equal(partyStates(h.session('avril', sessionId)).jim, 'connected');
    assert.equal(lastInvitation(h, 'kate').state, 'accepted');
  });
});
