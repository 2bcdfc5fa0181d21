import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../../../src/store/selectors.js';
import { fixtureState, fixtureUser, FIXTURE_SESSION_ID as CHAT, FIXTURE_CONSULTATION_ID as CONSULT } from '../../../src/store/fixtures.js';
import type { WorkspaceState } from '../../../src/store/types.js';
import type { PartyView, SessionView } from '../../../src/engine/types.js';
import { message } from './helpers.js';
import { perKey } from '../../../src/store/memo.js';

const flags = (state: WorkspaceState, id = CHAT) => {
  const vm = S.selectInteraction(id)(state)!;
  return {
    canSend: vm.canSend,
    canConference: vm.canConference,
    canConsult: vm.canConsult,
    canTransfer: vm.canTransfer,
    canEnd: vm.canEnd,
    canWrapUp: vm.canWrapUp,
    canDone: vm.canDone,
  };
};

function withSession(state: WorkspaceState, change: (s: SessionView) => SessionView): WorkspaceState {
  return { ...state, sessions: { ...state.sessions, [CHAT]: change(state.sessions[CHAT]!) } };
}

function setParty(state: WorkspaceState, userId: string, partyState: PartyView['state']): WorkspaceState {
  return withSession(state, (s) => ({ ...s, parties: s.parties.map((p) => (p.userId === userId ? { ...p, state: partyState } : p)) }));
}

test('a connected agent with a connected contact may do everything but wrap up', () => {
  const state = fixtureState('connected');
  assert.deepEqual(flags(state), {
    canSend: true,
    canConference: true,
    canConsult: true,
    canTransfer: true,
    canEnd: true,
    canWrapUp: false,
    canDone: false,
  });
  const vm = S.selectInteraction(CHAT)(state)!;
  assert.equal(vm.owner, true);
  assert.equal(vm.myState, 'active');
  assert.equal(vm.me?.userId, 'kate');
  assert.equal(vm.contact?.userId, 'avril');
});

test('the contact may send and end but has no agent actions', () => {
  assert.deepEqual(flags(fixtureState('connected', { viewer: 'avril' })), {
    canSend: true,
    canConference: false,
    canConsult: false,
    canTransfer: false,
    canEnd: true,
    canWrapUp: false,
    canDone: false,
  });
});

test('when the contact has left, an agent may consult but not conference or transfer', () => {
  const state = setParty(fixtureState('connected'), 'avril', 'left');
  const f = flags(state);
  assert.equal(f.canConsult, true);
  assert.equal(f.canConference, false);
  assert.equal(f.canTransfer, false);
  assert.equal(f.canSend, true);
});

test('after I left the interaction I may wrap up and press Done, but not send or end', () => {
  const state = fixtureState('ended-with-disposition');
  assert.deepEqual(flags(state), {
    canSend: false,
    canConference: false,
    canConsult: false,
    canTransfer: false,
    canEnd: false,
    canWrapUp: true,
    canDone: true,
  });
  assert.equal(S.selectInteraction(CHAT)(state)!.myState, 'ended');
});

test('a left agent in a session still active elsewhere gets wrap-up too', () => {
  const state = setParty(fixtureState('two-agent-conference'), 'kate', 'left');
  const f = flags(state);
  assert.equal(f.canWrapUp, true);
  assert.equal(f.canSend, false);
  assert.equal(f.canEnd, false);
});

test('Done waits for a saved disposition code when the configuration requires one', () => {
  const required = fixtureState('ended-with-disposition', { dispositionRequired: true });
  assert.equal(flags(required).canDone, true, 'the scenario has a saved code');
  const noCode = withSession(required, (s) => ({ ...s, wrapUp: { done: false } }));
  assert.equal(flags(noCode).canWrapUp, true);
  assert.equal(flags(noCode).canDone, false);
  const optional = withSession(fixtureState('ended-with-disposition'), (s) => ({ ...s, wrapUp: { done: false } }));
  assert.equal(flags(optional).canDone, true);
});

test('once Done is recorded, wrap-up and Done are over', () => {
  const state = withSession(fixtureState('ended-with-disposition'), (s) => ({ ...s, wrapUp: { dispositionCode: 'resolved', done: true } }));
  assert.equal(flags(state).canWrapUp, false);
  assert.equal(flags(state).canDone, false);
});

test('parties: contact first, then agents in join order, invited and ended ones included, released invitees (rejected, timed out) left out', () => {
  const state = withSession(fixtureState('all-party-states'), (s) => ({
    ...s,
    parties: [...s.parties.filter((p) => p.role !== 'contact'), ...s.parties.filter((p) => p.role === 'contact')],
  }));
  const vm = S.selectInteraction(CHAT)(state)!;
  assert.deepEqual(
    vm.parties.map((p) => `${p.name}:${p.state}`),
    ['Avril Mai:connected', 'Kate Lewis:connected', 'Ravi Patel:left', 'Sofia Garcia:removed', 'Jim Miller:invited'],
  );
});

test('parties: an invitee whose invitation was cancelled is left out; one who joined and left stays; nobody reads Connected once the chat ended', () => {
  const base = fixtureState('ringing-invitation');
  const inv = base.invitations['inv-1']!;
  const cancelled = withSession({ ...base, invitations: { 'inv-1': { ...inv, state: 'cancelled' as const } } }, (s) => ({
    ...s,
    parties: s.parties.map((p) => (p.userId === 'jim' ? { ...p, state: 'left' as const } : p)),
  }));
  assert.deepEqual(S.selectInteraction(CHAT)(cancelled)!.parties.map((p) => p.name), ['Avril Mai', 'Kate Lewis']);
  const joinedAndLeft = { ...cancelled, invitations: { 'inv-1': { ...inv, state: 'accepted' as const } } };
  assert.deepEqual(S.selectInteraction(CHAT)(joinedAndLeft)!.parties.map((p) => `${p.name}:${p.state}`), ['Avril Mai:connected', 'Kate Lewis:connected', 'Jim Miller:left']);
  const ended = withSession(joinedAndLeft, (s) => ({ ...s, state: 'ended' as const }));
  assert.deepEqual(S.selectInteraction(CHAT)(ended)!.parties.map((p) => `${p.name}:${p.state}`), ['Avril Mai:left', 'Kate Lewis:left', 'Jim Miller:left']);
});

test('outgoing lists my pending invitations for the interaction', () => {
  const vm = S.selectInteraction(CHAT)(fixtureState('transfer-pending'))!;
  assert.deepEqual(vm.outgoing.map((i) => `${i.kind}:${i.invitee?.name}`), ['transfer:Jim Miller']);
  const state = fixtureState('transfer-pending');
  const cancelled = { ...state, invitations: { 'inv-1': { ...state.invitations['inv-1']!, state: 'cancelled' as const } } };
  assert.deepEqual(S.selectInteraction(CHAT)(cancelled)!.outgoing, []);
});

test('selectInteractions lists interactions only, newest first', () => {
  const base = fixtureState('active-consultation');
  const newer: SessionView = { ...base.sessions[CHAT]!, id: 'chat-2', createdAt: base.sessions[CHAT]!.createdAt + 60_000, parties: base.sessions[CHAT]!.parties };
  const state = { ...base, sessions: { ...base.sessions, 'chat-2': newer } };
  assert.deepEqual(S.selectInteractions(state).map((vm) => vm.session.id), ['chat-2', CHAT]);
});

test('the transcript marks my messages own and puts my pending ones after the confirmed entries, in send order', () => {
  const base = fixtureState('failed-send');
  const state: WorkspaceState = {
    ...base,
    pending: {
      ...base.pending,
      early: { clientMessageId: 'early', sessionId: CHAT, text: 'first', visibility: 'all', at: 1, status: 'sending' },
      elsewhere: { clientMessageId: 'elsewhere', sessionId: 'other', text: 'no', visibility: 'all', at: 2, status: 'sending' },
    },
  };
  const items = S.selectTranscript(CHAT)(state);
  assert.deepEqual(
    items.map((i) => (i.kind === 'entry' ? `${i.entry.seq}:${i.own}` : `pending:${i.pending.clientMessageId}`)),
    ['1:false', '2:false', '3:true', '4:false', '5:true', 'pending:early', 'pending:cm-failed-1'],
  );
  const jimsView = S.selectTranscript(CHAT)(fixtureState('two-agent-conference', { viewer: 'jim' }));
  const own = jimsView.filter((i) => i.own).map((i) => (i.kind === 'entry' && i.entry.kind === 'message' ? i.entry.text : ''));
  assert.deepEqual(own, ['Hello, how can I help you today?', 'OK, I can take care of that']);
});

test('consultation view: peer, timer start, active and its actions', () => {
  const state = fixtureState('active-consultation');
  const vm = S.selectConsultation(CONSULT)(state)!;
  assert.equal(vm.peer?.name, 'Jim Miller');
  assert.equal(vm.startedAt, state.sessions[CONSULT]!.createdAt);
  assert.equal(vm.endedAt, undefined);
  assert.deepEqual([vm.active, vm.canSend, vm.canEnd, vm.canDone], [true, true, true, false]);
  assert.deepEqual(S.selectInteraction(CHAT)(state)!.consultations, [vm]);
  assert.deepEqual(S.selectActiveConsultations(CHAT)(state), [vm]);
  assert.equal(S.selectConsultation(CHAT)(state), undefined, 'an interaction is not a consultation');
});

test('a consultation that ended after the conference offers Done and stops its timer', () => {
  const state = fixtureState('consultation-conferenced');
  const vm = S.selectConsultation(CONSULT)(state)!;
  assert.deepEqual([vm.active, vm.canSend, vm.canEnd, vm.canDone], [false, false, false, true]);
  assert.equal(vm.endedAt, state.sessions[CONSULT]!.endedAt);
  assert.deepEqual(S.selectActiveConsultations(CHAT)(state), []);
  const done = { ...state, sessions: { ...state.sessions, [CONSULT]: { ...state.sessions[CONSULT]!, wrapUp: { done: true } } } };
  assert.equal(S.selectConsultation(CONSULT)(done)!.canDone, false);
});

test('standalone consultations: the consulted agent, who is not in the interaction, gets them; the initiator does not', () => {
  const jim = fixtureState('active-consultation', { viewer: 'jim' });
  assert.equal(jim.sessions[CHAT], undefined, 'Jim is not in the chat');
  assert.deepEqual(S.selectStandaloneConsultationIds(jim), [CONSULT]);
  const again = { ...jim, sessions: { ...jim.sessions } };
  assert.equal(S.selectStandaloneConsultationIds(again), S.selectStandaloneConsultationIds(jim), 'same ids, same array');
  assert.deepEqual(S.selectStandaloneConsultationIds(fixtureState('active-consultation')), [], 'Kate sees it inside her interaction');
});

test('a consultation whose peer is still ringing is not an active consultation', () => {
  const base = fixtureState('active-consultation');
  const c = base.sessions[CONSULT]!;
  const ringing = { ...base, sessions: { ...base.sessions, [CONSULT]: { ...c, parties: c.parties.map((p) => (p.userId === 'jim' ? { ...p, state: 'invited' as const } : p)) } } };
  assert.equal(S.selectConsultation(CONSULT)(ringing)!.active, true);
  assert.deepEqual(S.selectActiveConsultations(CHAT)(ringing), []);
});

test('incoming invitations are the pending ones offered to me, oldest first', () => {
  const jim = fixtureState('ringing-invitation', { viewer: 'jim' });
  const first = jim.invitations['inv-1']!;
  const state: WorkspaceState = {
    ...jim,
    invitations: {
      later: { ...first, id: 'later', createdAt: first.createdAt + 5 },
      'inv-1': first,
      old: { ...first, id: 'old', createdAt: first.createdAt - 5, state: 'rejected' },
    },
  };
  assert.deepEqual(S.selectIncomingInvitations(state).map((i) => i.id), ['inv-1', 'later']);
  assert.deepEqual(S.selectIncomingInvitations(fixtureState('ringing-invitation')), [], "Kate is the sender, not the invitee");
  assert.equal(S.selectInvitation('inv-1')(jim), first);
});

test('simple selectors read user, connection, config, targets, presence and typing', () => {
  const state = fixtureState('connected');
  assert.deepEqual(S.selectUser(state), fixtureUser('kate'));
  assert.equal(S.selectConnection(state).status, 'connected');
  assert.equal(S.selectConfig(state)?.maxMessageLength, 4000);
  assert.equal(S.selectTargets(state), state.targets);
  assert.deepEqual(S.selectMyPresence(state), { chat: 'ready', voice: 'ready', email: 'not-ready' });
  assert.equal(S.selectMyPresence(fixtureState('connected', { viewer: 'avril' })), undefined);
  assert.deepEqual(S.selectTyping(CHAT)(state), []);
  const avril = fixtureUser('avril');
  assert.deepEqual(S.selectTyping(CHAT)({ ...state, typing: { [CHAT]: [avril] } }), [avril]);
  // Typing is not part of the interaction's view model: a typing event re-renders only what shows typing.
  assert.equal(S.selectInteraction(CHAT)({ ...state, typing: { [CHAT]: [avril] } }), S.selectInteraction(CHAT)(state));
});

test('the same state gives the identical result from every selector', () => {
  const state = fixtureState('active-consultation');
  for (const select of [
    S.selectInteractions,
    S.selectInteraction(CHAT),
    S.selectTranscript(CHAT),
    S.selectConsultation(CONSULT),
    S.selectActiveConsultations(CHAT),
    S.selectIncomingInvitations,
    S.selectMyPresence,
    S.selectTyping(CHAT),
  ]) {
    assert.equal(select(state), select(state));
  }
  assert.equal(S.selectInteraction(CHAT), S.selectInteraction(CHAT), 'factories hand back one selector per id');
});

test('a change a view model does not show keeps its identity', () => {
  const state = fixtureState('active-consultation');
  const list = S.selectInteractions(state);
  const transcript = S.selectTranscript(CHAT)(state);
  const consultation = S.selectConsultation(CONSULT)(state);
  const other: WorkspaceState = { ...state, connection: { status: 'reconnecting' }, stream: { epoch: 'x', position: 99 } };
  assert.equal(S.selectInteractions(other), list);
  assert.equal(S.selectTranscript(CHAT)(other), transcript);
  assert.equal(S.selectConsultation(CONSULT)(other), consultation);

  // A new consultation line changes the consultation, not the interaction's transcript.
  const c = state.sessions[CONSULT]!;
  const talking = { ...state, sessions: { ...state.sessions, [CONSULT]: { ...c, transcript: [...c.transcript, message(5, 'kate', 'Thanks')] } } };
  assert.equal(S.selectTranscript(CHAT)(talking), transcript);
  assert.notEqual(S.selectConsultation(CONSULT)(talking), consultation);
  assert.notEqual(S.selectInteraction(CHAT)(talking), list[0]);
});

test('a new entry keeps the earlier transcript items identical', () => {
  const state = fixtureState('connected');
  const before = S.selectTranscript(CHAT)(state);
  const next = withSession(state, (s) => ({ ...s, transcript: [...s.transcript, message(6, 'avril', 'More')] }));
  const after = S.selectTranscript(CHAT)(next);
  assert.equal(after.length, before.length + 1);
  before.forEach((item, i) => assert.equal(after[i], item));
});

test('each store gets its own selectors: two stores read alternately keep their results (no shared last-state cache)', () => {
  const storeA = {};
  const storeB = {};
  const a = S.selectorsFor(storeA);
  const b = S.selectorsFor(storeB);
  assert.notEqual(a, b);
  assert.equal(S.selectorsFor(storeA), a, 'the same set for the same store');
  const stateA = fixtureState('connected');
  const stateB = fixtureState('two-agent-conference', { viewer: 'jim' });
  const firstA = a.selectInteractions(stateA);
  const firstB = b.selectInteractions(stateB);
  // Interleaved, as three desktops on one page are: each keeps its identity.
  assert.equal(a.selectInteractions({ ...stateA }), firstA);
  assert.equal(b.selectInteractions({ ...stateB }), firstB);
  assert.equal(a.selectTranscript(CHAT)(stateA), a.selectTranscript(CHAT)({ ...stateA }));
});

test('per-key selector caches are bounded: the least recently used key is dropped', () => {
  let created = 0;
  const byKey = perKey((key: number) => {
    created++;
    return () => key;
  }, 3);
  const first = byKey(1);
  byKey(2);
  byKey(3);
  assert.equal(byKey(1), first, 'still cached');
  byKey(4); // drops 2, the least recently used
  assert.equal(created, 4);
  byKey(1);
  byKey(3);
  assert.equal(created, 4, '1 and 3 were kept');
  byKey(2);
  assert.equal(created, 5, '2 was dropped and made again');
});
