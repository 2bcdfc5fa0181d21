import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import { createFixtureStore, fixtureState, fixtureUser, FIXTURE_SCENARIOS, type FixtureScenario } from '../../../src/store/testing.js';
import { selectConnection } from '../../../src/store/selectors.js';

test('every scenario gives each viewer only what the engine would show them', () => {
  for (const name of FIXTURE_SCENARIOS) {
    for (const viewer of ['kate', 'jim', 'avril']) {
      const state = fixtureState(name, { viewer });
      assert.equal(state.user?.id, viewer);
      assert.equal(state.loaded, true);
      for (const session of Object.values(state.sessions)) {
        assert.ok(session.parties.some((p) => p.userId === viewer), `${name}: ${viewer} is a party of ${session.id}`);
        const seqs = session.transcript.map((e) => e.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${name}: transcript in seq order`);
        if (viewer === 'avril') {
          assert.equal(session.kind, 'interaction', `${name}: a contact sees no consultation`);
          assert.ok(session.transcript.every((e) => e.visibility === 'all'));
          assert.ok(session.parties.every((p) => p.state !== 'invited'), `${name}: a contact sees no ringing agent`);
          assert.equal(session.wrapUp, undefined);
        }
      }
      if (viewer === 'avril') {
        assert.deepEqual(state.invitations, {});
        assert.equal(state.presence, undefined, `${name}: a contact has no presence`);
      }
    }
  }
});

test('the ringing invitation is the seed preview, offered to Jim', () => {
  const jim = fixtureState('ringing-invitation', { viewer: 'jim' });
  const invitation = jim.invitations['inv-1']!;
  assert.equal(invitation.kind, 'conference');
  assert.equal(invitation.invitee?.name, 'Jim Miller');
  assert.equal(invitation.from.name, 'Kate Lewis');
  assert.equal(invitation.origin, 'Inbound chat');
  assert.equal(invitation.subject, 'Help with on line purchase');
  assert.deepEqual(invitation.caseData, { Order: '000205' });
  assert.deepEqual(jim.sessions, {}, 'Jim sees the chat only once he accepts');
});

test('long-transcript has the number of entries asked for, and bad names or counts are typed errors', () => {
  assert.equal(fixtureState('long-transcript', { count: 1234 }).sessions['chat-1']!.transcript.length, 1234);
  assert.throws(() => fixtureState('nope' as FixtureScenario), TypeError);
  assert.throws(() => fixtureState('long-transcript', { count: 1 }), TypeError);
  assert.throws(() => fixtureUser('mallory'), /Unknown fixture user "mallory"/);
});

test('the fixture store records dispatched commands, answers them, and changes state only by setState', async () => {
  const store = createFixtureStore(fixtureState('failed-send'), {
    onDispatch: (c) => (c.type === 'leave' ? { ok: false, error: { code: 'invalid-state', message: 'Already left.' } } : { ok: true }),
  });
  const before = store.state;
  assert.deepEqual(await store.dispatch({ type: 'mark-done', sessionId: 'chat-1' }), { ok: true });
  assert.equal((await store.dispatch({ type: 'leave', sessionId: 'chat-1' })).ok, false);
  assert.equal(store.state, before);
  await store.retry('cm-failed-1');
  assert.deepEqual(store.dispatched.map((c) => c.type), ['mark-done', 'leave', 'send-message']);
  assert.equal(store.dispatched[2]!.type === 'send-message' && store.dispatched[2]!.clientMessageId, 'cm-failed-1');
  store.discard('cm-failed-1');
  assert.deepEqual(store.state.pending, {});
  store.setState({ connection: { status: 'reconnecting' } });
  assert.equal(await firstValueFrom(store.select(selectConnection)), store.state.connection);
  assert.equal(store.state.connection.status, 'reconnecting');
});
