import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reduce } from '../../../src/store/reducer.js';
import { createInitialState } from '../../../src/store/state.js';
import { fixtureDirectory, fixtureState, fixtureUser, FIXTURE_SESSION_ID as CHAT } from '../../../src/store/fixtures.js';
import type { WorkspaceState } from '../../../src/store/types.js';
import type { InvitationView, PartyView } from '../../../src/engine/types.js';
import { message, snapshotOf, streamer } from './helpers.js';

function loaded(name: Parameters<typeof fixtureState>[0] = 'connected', viewer = 'kate') {
  const s = streamer('e1', 10);
  const fixture = fixtureState(name, { viewer });
  // Pending messages are the client's own, not part of what a snapshot carries.
  const state = reduce({ ...createInitialState(), pending: fixture.pending }, s.snapshot(snapshotOf(fixture)));
  return { s, state };
}

test('a snapshot replaces what the user sees, marks the store loaded and sets the stream position', () => {
  const { state } = loaded();
  assert.equal(state.loaded, true);
  assert.deepEqual(state.user, fixtureUser('kate'));
  assert.deepEqual(Object.keys(state.sessions), [CHAT]);
  assert.equal(state.sessions[CHAT]!.transcript.length, 5);
  assert.deepEqual(state.stream, { epoch: 'e1', position: 10 });
  assert.equal(state.config?.maxMessageLength, 4000);
});

test('events before the first snapshot, from another epoch, or at an old position are ignored', () => {
  const initial = createInitialState();
  const early = { epoch: 'e1', position: 1, event: { type: 'session-removed', sessionId: CHAT } } as const;
  assert.equal(reduce(initial, early), initial);

  const { state } = loaded();
  const otherEpoch = { epoch: 'e0', position: 11, event: { type: 'session-removed', sessionId: CHAT } } as const;
  assert.equal(reduce(state, otherEpoch), state);
  const replayed = { epoch: 'e1', position: 10, event: { type: 'session-removed', sessionId: CHAT } } as const;
  assert.equal(reduce(state, replayed), state);
});

test('a snapshot of a new epoch replaces the old stream', () => {
  const { state } = loaded();
  const fresh = streamer('e2', 3).snapshot(snapshotOf(fixtureState('two-agent-conference')));
  const next = reduce(state, fresh);
  assert.deepEqual(next.stream, { epoch: 'e2', position: 3 });
  assert.equal(next.sessions[CHAT]!.parties.length, 3);
});

test('session-added, session-updated and session-removed maintain the sessions', () => {
  const { s, state } = loaded();
  const consultation = fixtureState('active-consultation').sessions['consult-1']!;
  let next = reduce(state, s.next({ type: 'session-added', session: consultation }));
  assert.equal(next.sessions['consult-1'], consultation);
  assert.equal(next.sessions[CHAT], state.sessions[CHAT], 'an untouched session keeps its identity');

  next = reduce(next, s.next({ type: 'session-updated', sessionId: 'consult-1', state: 'ended', endedAt: 5_000 }));
  assert.equal(next.sessions['consult-1']!.state, 'ended');
  assert.equal(next.sessions['consult-1']!.endedAt, 5_000);
  assert.equal(next.sessions['consult-1']!.ownerId, 'kate', 'an owner not given is kept');

  next = reduce(next, s.next({ type: 'session-updated', sessionId: CHAT, state: 'active', ownerId: 'jim' }));
  assert.equal(next.sessions[CHAT]!.ownerId, 'jim');

  next = reduce(next, s.next({ type: 'session-removed', sessionId: 'consult-1' }));
  assert.equal(next.sessions['consult-1'], undefined);
  assert.deepEqual(next.stream, { epoch: 'e1', position: 14 });
});

test('session-removed drops the typing list and pending messages of that session', () => {
  const { s, state } = loaded('failed-send');
  let next = reduce(state, s.next({ type: 'typing', sessionId: CHAT, user: fixtureUser('avril'), typing: true }));
  assert.equal(Object.keys(next.pending).length, 1);
  next = reduce(next, s.next({ type: 'session-removed', sessionId: CHAT }));
  assert.deepEqual(next.pending, {});
  assert.deepEqual(next.typing, {});
});

test('a contact keeps the chat removed from her view, ended, with its transcript; an agent does not', () => {
  const contact = loaded('connected', 'avril');
  const kept = reduce(contact.state, contact.s.next({ type: 'session-removed', sessionId: CHAT }));
  const session = kept.sessions[CHAT]!;
  assert.equal(session.state, 'ended');
  assert.equal(session.transcript.length, contact.state.sessions[CHAT]!.transcript.length);
  assert.equal(session.parties.find((p) => p.userId === 'avril')?.state, 'left');
  const agent = loaded('connected', 'kate');
  assert.equal(reduce(agent.state, agent.s.next({ type: 'session-removed', sessionId: CHAT })).sessions[CHAT], undefined);
});

test('party-updated updates a party in place by user id or appends a new one', () => {
  const { s, state } = loaded();
  const jim: PartyView = { userId: 'jim', name: 'Jim Miller', role: 'agent', state: 'invited', since: 1 };
  let next = reduce(state, s.next({ type: 'party-updated', sessionId: CHAT, party: jim }));
  assert.deepEqual(next.sessions[CHAT]!.parties.map((p) => `${p.userId}:${p.state}`), ['avril:connected', 'kate:connected', 'jim:invited']);
  next = reduce(next, s.next({ type: 'party-updated', sessionId: CHAT, party: { ...jim, state: 'connected' } }));
  assert.deepEqual(next.sessions[CHAT]!.parties.map((p) => `${p.userId}:${p.state}`), ['avril:connected', 'kate:connected', 'jim:connected']);
});

test('entry-added appends in seq order, ignores duplicates and places a late entry by seq', () => {
  const { s, state } = loaded();
  let next = reduce(state, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'Thanks') }));
  assert.deepEqual(next.sessions[CHAT]!.transcript.map((e) => e.seq), [1, 2, 3, 4, 5, 6]);

  const before = next.sessions[CHAT];
  next = reduce(next, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'Thanks') }));
  assert.equal(next.sessions[CHAT], before, 'a duplicate leaves the transcript unchanged');

  next = reduce(next, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(8, 'avril', 'Eight') }));
  next = reduce(next, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(7, 'kate', 'Seven') }));
  assert.deepEqual(next.sessions[CHAT]!.transcript.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
  next = reduce(next, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(7, 'kate', 'Seven') }));
  assert.equal(next.sessions[CHAT]!.transcript.length, 8);
});

test('entry-added for an unknown session is ignored', () => {
  const { s, state } = loaded();
  const next = reduce(state, s.next({ type: 'entry-added', sessionId: 'nope', entry: message(1, 'avril', 'x') }));
  assert.equal(next.sessions, state.sessions);
});

test('my confirmed message replaces my pending one with the same client message id', () => {
  const { s, state } = loaded('failed-send');
  assert.ok(state.pending['cm-failed-1']);
  const confirmed = message(6, 'kate', 'Could you confirm the last four digits of the card?', { clientMessageId: 'cm-failed-1' });
  const next = reduce(state, s.next({ type: 'entry-added', sessionId: CHAT, entry: confirmed }));
  assert.deepEqual(next.pending, {});
  assert.equal(next.sessions[CHAT]!.transcript.at(-1), confirmed);
});

test("someone else's message with my client message id does not take my pending message", () => {
  const { s, state } = loaded('failed-send');
  const theirs = message(6, 'avril', 'hi', { clientMessageId: 'cm-failed-1' });
  const next = reduce(state, s.next({ type: 'entry-added', sessionId: CHAT, entry: theirs }));
  assert.ok(next.pending['cm-failed-1']);
});

test('typing lists who types per session, once each, never me, and clears on their message', () => {
  const { s, state } = loaded();
  const avril = fixtureUser('avril');
  let next = reduce(state, s.next({ type: 'typing', sessionId: CHAT, user: avril, typing: true }));
  next = reduce(next, s.next({ type: 'typing', sessionId: CHAT, user: avril, typing: true }));
  assert.deepEqual(next.typing[CHAT], [avril]);
  const mine = reduce(next, s.next({ type: 'typing', sessionId: CHAT, user: fixtureUser('kate'), typing: true }));
  assert.deepEqual(mine.typing[CHAT], [avril]);

  const stopped = reduce(next, s.next({ type: 'typing', sessionId: CHAT, user: avril, typing: false }));
  assert.equal(stopped.typing[CHAT], undefined);

  const sent = reduce(next, s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'done typing') }));
  assert.equal(sent.typing[CHAT], undefined);
});

test('invitation-updated inserts and replaces, keeping ended invitations', () => {
  const { s, state } = loaded('ringing-invitation', 'jim');
  const invitation = state.invitations['inv-1']!;
  const timedOut: InvitationView = { ...invitation, state: 'timed-out', reason: 'Nobody answered in time.' };
  const next = reduce(state, s.next({ type: 'invitation-updated', invitation: timedOut }));
  assert.equal(next.invitations['inv-1'], timedOut);
  const another: InvitationView = { ...invitation, id: 'inv-2' };
  assert.deepEqual(Object.keys(reduce(next, s.next({ type: 'invitation-updated', invitation: another })).invitations).sort(), ['inv-1', 'inv-2']);
});

test('wrap-up-updated sets my wrap-up on the session', () => {
  const { s, state } = loaded('ended-with-disposition');
  const next = reduce(state, s.next({ type: 'wrap-up-updated', sessionId: CHAT, wrapUp: { dispositionCode: 'escalated', done: true } }));
  assert.deepEqual(next.sessions[CHAT]!.wrapUp, { dispositionCode: 'escalated', done: true });
});

test("the snapshot gives the user's own presence; their presence-updated changes it, one channel at a time", () => {
  const { s, state } = loaded();
  assert.deepEqual(state.presence, { chat: 'ready', voice: 'ready', email: 'not-ready' });
  const next = reduce(state, s.next({ type: 'presence-updated', userId: 'kate', channel: 'chat', state: 'after-call-work' }));
  assert.deepEqual(next.presence, { chat: 'after-call-work', voice: 'ready', email: 'not-ready' });
  assert.deepEqual(state.presence, { chat: 'ready', voice: 'ready', email: 'not-ready' }, 'the old state is not mutated');
  const same = reduce(next, s.next({ type: 'presence-updated', userId: 'kate', channel: 'chat', state: 'after-call-work' }));
  assert.equal(same.presence, next.presence, 'the same presence keeps its object');
});

test("another agent's presence-updated changes a cached entry only, and nothing when the entry is not cached", () => {
  const { s, state } = loaded();
  const jim = fixtureDirectory().find((t) => t.id === 'jim')!;
  const cached: WorkspaceState = { ...state, targets: { jim } };
  const next = reduce(cached, s.next({ type: 'presence-updated', userId: 'jim', channel: 'chat', state: 'not-ready' }));
  const updated = next.targets.jim;
  assert.equal(updated?.kind === 'agent' && updated.presence.chat, 'not-ready');
  assert.equal(updated?.kind === 'agent' && updated.presence.voice, 'ready');
  assert.equal(jim.kind === 'agent' && jim.presence.chat, 'ready', 'the cached entry is not mutated');
  assert.equal(next.presence, cached.presence, "the user's own presence is untouched");
  const unknown = reduce(cached, s.next({ type: 'presence-updated', userId: 'ravi', channel: 'chat', state: 'ready' }));
  assert.equal(unknown.targets, cached.targets);
});

test('a new snapshot keeps the target cache (search results and watched entries are not part of the stream)', () => {
  const { state } = loaded();
  const jim = fixtureDirectory().find((t) => t.id === 'jim')!;
  const again = reduce({ ...state, targets: { jim } }, streamer('e2', 0).snapshot(snapshotOf(state)));
  assert.equal(again.targets.jim, jim);
});

test('an error event becomes the last error', () => {
  const { s, state } = loaded();
  const next = reduce(state, s.next({ type: 'error', error: { code: 'malformed-frame', message: 'A frame could not be read.' } }));
  assert.equal(next.lastError?.code, 'malformed-frame');
});

test('an error event at the current position is still shown and does not move the stream', () => {
  const { state } = loaded();
  const at = state.stream!;
  const next = reduce(state, { ...at, event: { type: 'error', error: { code: 'rate-limited', message: 'Too many messages; try again in 2 seconds.' } } });
  assert.equal(next.lastError?.code, 'rate-limited');
  assert.deepEqual(next.stream, at);
});

test('a snapshot keeps pending messages of sessions it still has and drops the ones it confirms', () => {
  const { state } = loaded('failed-send');
  const withTwo: WorkspaceState = {
    ...state,
    pending: {
      ...state.pending,
      gone: { clientMessageId: 'gone', sessionId: 'old-session', text: 'x', visibility: 'all', at: 1, status: 'failed' },
      confirmed: { clientMessageId: 'confirmed', sessionId: CHAT, text: 'y', visibility: 'all', at: 2, status: 'sending' },
    },
  };
  const view = fixtureState('connected');
  view.sessions[CHAT]!.transcript.push(message(6, 'kate', 'y', { clientMessageId: 'confirmed' }));
  const next = reduce(withTwo, streamer('e9', 1).snapshot(snapshotOf(view)));
  assert.deepEqual(Object.keys(next.pending), ['cm-failed-1']);
});
