/**
 * The seed's three lessons (conference-a-chat-interaction.txt), played as the users in it:
 * agents Kate Lewis and Jim Miller, and the contact Avril Mai.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionView } from '../../../src/engine/index.js';
import { activeChat, createHarness, partyStates, SUBJECT, texts } from './harness.js';

test('Lesson: Starting an instant chat conference', () => {
  const h = createHarness();
  const sessionId = activeChat(h);
  h.ok('kate', { type: 'send-message', sessionId, text: 'Hello, how can I help you today?' });
  h.ok('avril', { type: 'send-message', sessionId, text: 'I am having an issue making an on line purchase.' });
  h.ok('kate', { type: 'send-message', sessionId, text: 'Let me contact my associate about that.' });
  h.ok('kate', { type: 'send-message', sessionId, text: 'Card declined twice', visibility: 'agents' });

  // Instant Chat Conference to Jim Miller from the Team Communicator.
  h.mark();
  const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
  const [preview] = h.invitations('jim');
  assert.equal(preview?.id, invitationId);
  assert.equal(preview?.origin, 'Inbound chat');
  assert.equal(preview?.subject, SUBJECT);
  assert.deepEqual(preview?.caseData, { Order: 'A-1001' });
  assert.equal(preview?.from.name, 'Kate Lewis');
  assert.equal(partyStates(h.session('kate', sessionId)).jim, 'invited', 'Kate sees Jim ringing');
  assert.equal(partyStates(h.session('avril', sessionId)).jim, undefined, 'Avril does not see a ringing agent');
  assert.deepEqual(h.since('avril'), [], 'nothing reaches Avril while Jim rings');

  // Jim accepts: his window shows the entire transcript, agent-only notes included.
  h.mark();
  h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
  const added = h.since('jim', 'session-added')[0];
  assert.ok(added?.type === 'session-added');
  assert.deepEqual(texts(added.session), [
    'Agent will be with you shortly',
    "New party 'Kate Lewis' has joined the session",
    'Hello, how can I help you today?',
    'I am having an issue making an on line purchase.',
    'Let me contact my associate about that.',
    'Card declined twice',
    "New party 'Jim Miller' has joined the session",
  ]);
  for (const user of ['kate', 'avril']) {
    assert.deepEqual(
      h.since(user, 'entry-added').map((e) => e.type === 'entry-added' && e.entry.text),
      ["New party 'Jim Miller' has joined the session"],
    );
  }
  assert.deepEqual(partyStates(h.session('avril', sessionId)), { avril: 'connected', kate: 'connected', jim: 'connected' });

  // You, the contact and the target see what each sends.
  h.mark();
  h.ok('jim', { type: 'send-message', sessionId, text: 'Hello, how can I help you today?' });
  for (const user of ['kate', 'jim', 'avril']) assert.equal(h.since(user, 'entry-added').length, 1, user);

  // End while Jim is still connected: the session is transferred to Jim automatically.
  h.ok('kate', { type: 'leave', sessionId });
  const jimView = h.session('jim', sessionId)!;
  assert.equal(jimView.ownerId, 'jim');
  assert.equal(jimView.state, 'active');
  assert.deepEqual(partyStates(jimView), { avril: 'connected', kate: 'left', jim: 'connected' });
  assert.equal(texts(jimView).at(-1), "Party 'Kate Lewis' has left the session");
  const kateView = h.session('kate', sessionId)!;
  assert.equal(partyStates(kateView).kate, 'left', "Kate's window shows Ended");
  assert.deepEqual(kateView.wrapUp, { done: false });
  h.ok('kate', { type: 'mark-done', sessionId });
  assert.equal(h.session('kate', sessionId), undefined);
  assert.equal(h.session('avril', sessionId)?.state, 'active', 'Avril is still connected, now with Jim');
});

test('Lesson: Receiving a chat conference, remaining connected after the conferencing agent disconnects', () => {
  const h = createHarness();
  const sessionId = activeChat(h);
  h.ok('kate', { type: 'send-message', sessionId, text: 'Let me contact my associate about that.' });

  // Jim is Ready for chat; Kate's request reaches him as an Interaction Preview.
  assert.equal(h.engine.snapshot('jim').presence?.chat, 'ready');
  const { invitationId } = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
  const preview = h.events('jim', 'invitation-updated').at(-1);
  assert.ok(preview?.type === 'invitation-updated');
  assert.equal(preview.invitation.state, 'pending');
  assert.equal(preview.invitation.expiresAt, h.clock.now() + 30_000);
  assert.equal(preview.invitation.from.name, 'Kate Lewis');

  // Accept: Jim is Connected to the conferencing agent and the contact.
  h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
  assert.deepEqual(partyStates(h.session('jim', sessionId)), { avril: 'connected', kate: 'connected', jim: 'connected' });
  h.ok('jim', { type: 'send-message', sessionId, text: 'Hello, how can I help you today?' });
  h.ok('kate', { type: 'send-message', sessionId, text: 'Ms. Mai is having an issue with her credit card.' });
  h.ok('jim', { type: 'send-message', sessionId, text: 'OK, I can take care of that' });

  // The conferencing agent releases the chat: Jim remains connected to the contact.
  h.ok('kate', { type: 'leave', sessionId });
  h.ok('kate', { type: 'mark-done', sessionId });
  h.ok('avril', { type: 'send-message', sessionId, text: 'Thank you!' });
  assert.equal(texts(h.session('jim', sessionId)).at(-1), 'Thank you!');
  assert.equal(h.session('jim', sessionId)?.ownerId, 'jim');

  // End the chat: the window shows Ended.
  h.ok('jim', { type: 'leave', sessionId });
  const ended = h.session('jim', sessionId)!;
  assert.equal(partyStates(ended).jim, 'left');
  assert.equal(h.session('avril', sessionId)?.state, 'ended');
  assert.equal(texts(h.session('avril', sessionId)).at(-1), "Party 'Avril Mai' has left the session");

  // Disposition Code and Note, Save, then Done.
  h.mark();
  h.ok('jim', { type: 'set-disposition', sessionId, dispositionCode: 'resolved', note: 'Card updated' });
  assert.deepEqual(h.since('jim'), [
    { type: 'wrap-up-updated', sessionId, wrapUp: { dispositionCode: 'resolved', note: 'Card updated', done: false } },
  ]);
  h.ok('jim', { type: 'mark-done', sessionId });
  assert.equal(h.session('jim', sessionId), undefined, 'Done closes the interaction');

  // After-call work, then back to Ready as configured (timed, 10 s by default).
  const presenceOf = () => h.engine.snapshot('jim');
  assert.equal((presenceOf() as { presence: { chat: string } }).presence.chat, 'after-call-work');
  assert.equal(h.engine.nextDeadline(), h.clock.now() + 10_000);
  h.advance(9_999);
  assert.equal((presenceOf() as { presence: { chat: string } }).presence.chat, 'after-call-work');
  h.advance(1);
  assert.equal((presenceOf() as { presence: { chat: string } }).presence.chat, 'ready');
  assert.deepEqual(h.events('jim', 'presence-updated').filter((e) => e.type === 'presence-updated' && e.userId === 'jim').slice(-2), [
    { type: 'presence-updated', userId: 'jim', channel: 'chat', state: 'after-call-work' },
    { type: 'presence-updated', userId: 'jim', channel: 'chat', state: 'ready' },
  ]);
});

test('Lesson: Starting a chat conference with an active consultation', () => {
  const h = createHarness();
  const sessionId = activeChat(h);
  h.ok('kate', { type: 'send-message', sessionId, text: 'Hello, how can I help you today?' });

  // Start Chat Consultation with Jim Miller.
  const { invitationId, sessionId: consultationId } = h.ok('kate', {
    type: 'invite',
    sessionId,
    kind: 'consultation',
    targetId: 'jim',
  });
  assert.ok(consultationId);
  const consultation = h.session('kate', consultationId)!;
  assert.equal(consultation.kind, 'consultation');
  assert.equal(consultation.parentId, sessionId);
  assert.equal(consultation.subject, SUBJECT);
  assert.deepEqual(partyStates(consultation), { kate: 'connected', jim: 'invited' });
  assert.equal(h.invitations('jim')[0]?.consultationId, consultationId);

  h.ok('jim', { type: 'accept-invitation', invitationId: invitationId! });
  assert.equal(h.session('jim', sessionId), undefined, 'Jim joins the consultation, not the interaction');
  h.ok('jim', { type: 'send-message', sessionId: consultationId, text: 'Hello Kate, how can I help?' });
  h.ok('kate', {
    type: 'send-message',
    sessionId: consultationId,
    text: 'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?',
  });
  h.ok('jim', { type: 'send-message', sessionId: consultationId, text: 'Sure, conference me in' });

  // Instant Chat Conference lists the active consultation; choosing it invites Jim.
  const conf = h.ok('kate', { type: 'invite', sessionId, kind: 'conference', targetId: 'jim', consultationId });
  h.ok('jim', { type: 'accept-invitation', invitationId: conf.invitationId! });

  assert.deepEqual(partyStates(h.session('avril', sessionId)), { avril: 'connected', kate: 'connected', jim: 'connected' });
  for (const agent of ['kate', 'jim']) {
    const c: SessionView = h.session(agent, consultationId)!;
    assert.equal(c.state, 'ended', `${agent} sees the consultation Ended`);
    assert.equal(partyStates(c).jim, 'left');
    assert.deepEqual(texts(c), [
      "New party 'Jim Miller' has joined the session",
      'Hello Kate, how can I help?',
      'Hey Jim, Ms. Mai is having a credit card issue. Can you help me with this call?',
      'Sure, conference me in',
      "Party 'Jim Miller' has left the session",
    ]);
    h.ok(agent, { type: 'mark-done', sessionId: consultationId });
    assert.equal(h.session(agent, consultationId), undefined);
  }
  assert.ok(h.session('jim', sessionId), 'Jim is conferenced into the interaction');

  // Avril never received anything of the consultation.
  const avrilText = JSON.stringify(h.inbox.get('avril'));
  assert.ok(!avrilText.includes(consultationId));
  assert.ok(!avrilText.includes('conference me in'));
});
