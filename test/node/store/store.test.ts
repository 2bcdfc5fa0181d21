import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkspaceStore } from '../../../src/store/store.js';
import { selectTranscript, selectConnection } from '../../../src/store/selectors.js';
import { fixtureState, FIXTURE_SESSION_ID as CHAT } from '../../../src/store/fixtures.js';
import { ChatCommandError, type CommandResult } from '../../../src/engine/types.js';
import type { WorkspaceState } from '../../../src/store/types.js';
import { FakeTransport, deferred, message, snapshotOf, streamer } from './helpers.js';

function setup() {
  const transport = new FakeTransport();
  let n = 0;
  const store = createWorkspaceStore({ transport, user: { id: 'kate', token: 't0k' }, now: () => 1_000 + n, newId: () => `cm-${++n}` });
  const s = streamer('e1', 4);
  transport.events.next(s.snapshot(snapshotOf(fixtureState('connected'))));
  return { transport, store, s };
}

const lines = (state: WorkspaceState) =>
  selectTranscript(CHAT)(state).map((i) => (i.kind === 'entry' ? `${i.entry.seq}` : `${i.pending.text}:${i.pending.status}`));

test('the store folds the transport stream into its state and mirrors the connection', async () => {
  const { store, transport } = setup();
  assert.equal(store.state.loaded, true);
  assert.equal(store.state.connection.status, 'idle');
  await store.connect();
  assert.equal(store.state.connection.status, 'connected');
  transport.connection.next({ status: 'reconnecting', reason: 'Network lost' });
  assert.deepEqual(selectConnection(store.state), { status: 'reconnecting', reason: 'Network lost' });
});

test('connect sends user id and token, and after a disconnect resumes from the last position', async () => {
  const transport = new FakeTransport();
  const store = createWorkspaceStore({ transport, user: { id: 'kate', token: 't0k' } });
  await store.connect();
  assert.deepEqual(transport.connects[0], { userId: 'kate', token: 't0k' });
  const s = streamer('e7', 2);
  transport.events.next(s.snapshot(snapshotOf(fixtureState('connected'))));
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'Hi') }));
  transport.events.next(s.next({ type: 'typing', sessionId: CHAT, user: { id: 'avril', name: 'Avril Mai', role: 'contact' }, typing: true }));
  await store.disconnect();
  assert.equal(store.state.connection.status, 'disconnected');
  await store.connect();
  assert.deepEqual(transport.connects[1], { userId: 'kate', token: 't0k', resumeFrom: { epoch: 'e7', position: 4 } });
  // The missed events follow the last position and are applied; nothing is re-applied.
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(7, 'kate', 'Welcome back') }));
  assert.deepEqual(lines(store.state), ['1', '2', '3', '4', '5', '6', '7']);
});

test('a sent message shows at once as pending and is replaced by its confirmed entry', async () => {
  const { store, transport, s } = setup();
  const answer = deferred<CommandResult>();
  transport.answer = () => answer.promise;
  const result = store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'One moment please' });
  assert.deepEqual(lines(store.state).slice(-1), ['One moment please:sending']);
  assert.deepEqual(transport.sent[0], { type: 'send-message', sessionId: CHAT, text: 'One moment please', visibility: 'all', clientMessageId: 'cm-1' });

  answer.resolve({ ok: true, value: { entryId: 'm6' } });
  assert.deepEqual(await result, { ok: true, value: { entryId: 'm6' } });
  assert.deepEqual(lines(store.state).slice(-1), ['One moment please:sending'], 'still pending until the entry arrives');

  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'kate', 'One moment please', { clientMessageId: 'cm-1' }) }));
  assert.deepEqual(lines(store.state), ['1', '2', '3', '4', '5', '6']);
});

test('an entry that arrives before the answer leaves nothing pending', async () => {
  const { store, transport, s } = setup();
  transport.answer = () => {
    transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'kate', 'fast', { clientMessageId: 'mine' }) }));
    return { ok: true };
  };
  await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'fast', clientMessageId: 'mine' });
  assert.deepEqual(store.state.pending, {});
  assert.deepEqual(lines(store.state), ['1', '2', '3', '4', '5', '6']);
});

test('a refused message is kept as failed with its error, then retried with the same client message id', async () => {
  const { store, transport, s } = setup();
  transport.answer = () => ({ ok: false, error: { code: 'rate-limited', message: 'Too many messages; wait a moment.' } });
  const refused = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'Are you there?' });
  assert.equal(refused.ok, false);
  const failed = store.state.pending['cm-1']!;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error?.code, 'rate-limited');

  const answer = deferred<CommandResult>();
  transport.answer = () => answer.promise;
  const retried = store.retry('cm-1');
  assert.equal(store.state.pending['cm-1']!.status, 'sending');
  assert.equal(store.state.pending['cm-1']!.error, undefined);
  assert.deepEqual(transport.sent[1], { type: 'send-message', sessionId: CHAT, text: 'Are you there?', visibility: 'all', clientMessageId: 'cm-1' });
  answer.resolve({ ok: true });
  assert.deepEqual(await retried, { ok: true });
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'kate', 'Are you there?', { clientMessageId: 'cm-1' }) }));
  assert.deepEqual(store.state.pending, {});
});

test('a transport that throws fails the message with a not-connected error', async () => {
  const { store, transport } = setup();
  transport.answer = () => {
    throw new Error('socket closed');
  };
  const result = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'hello?' });
  assert.equal(!result.ok && result.error.code, 'not-connected');
  assert.equal(store.state.pending['cm-1']!.status, 'failed');
  assert.equal(store.state.pending['cm-1']!.error?.code, 'not-connected');
});

test('discard drops a failed message; retry of an unknown one is a typed error', async () => {
  const { store, transport } = setup();
  transport.answer = () => ({ ok: false, error: { code: 'not-connected', message: 'Offline.' } });
  await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'lost' });
  store.discard('cm-1');
  assert.deepEqual(store.state.pending, {});
  assert.deepEqual(lines(store.state), ['1', '2', '3', '4', '5']);
  const result = await store.retry('cm-1');
  assert.equal(!result.ok && result.error.code, 'invalid-input');
  assert.equal(transport.sent.length, 1);
});

test('empty or over-long text is refused before sending and shows nothing', async () => {
  const { store, transport } = setup();
  const empty = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: '   ' });
  assert.equal(!empty.ok && empty.error.code, 'invalid-input');
  const long = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'x'.repeat(4001) });
  assert.equal(!long.ok && long.error.field, 'text');
  assert.equal(transport.sent.length, 0);
  assert.deepEqual(store.state.pending, {});
});

test('a message of exactly the maximum length (4,000 characters) is sent; one character more is refused', async () => {
  const { store, transport } = setup();
  assert.equal(store.state.config?.maxMessageLength, 4000);
  const longest = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'y'.repeat(4000) });
  assert.deepEqual(longest, { ok: true });
  assert.equal(transport.sent.length, 1);
  assert.equal((transport.sent[0] as { text: string }).text.length, 4000);
  const over = await store.dispatch({ type: 'send-message', sessionId: CHAT, text: 'y'.repeat(4001) });
  assert.equal(!over.ok && over.error.code, 'invalid-input');
  assert.match(!over.ok ? over.error.message : '', /at most 4000 characters.*4001/);
  assert.equal(transport.sent.length, 1, 'the over-long one was not sent');
});

test('timed after-call work: the store knows when Ready comes back; leaving it (or manual mode) clears that', () => {
  const transport = new FakeTransport();
  let clock = 50_000;
  const store = createWorkspaceStore({ transport, user: { id: 'kate' }, now: () => clock });
  const s = streamer('e1', 4);
  const state = fixtureState('connected');
  transport.events.next(s.snapshot(snapshotOf({ ...state, config: { ...state.config!, afterCallWork: { mode: 'timed', durationMs: 10_000 } } })));
  const presence = (userId: string, to: 'after-call-work' | 'ready') => transport.events.next(s.next({ type: 'presence-updated', userId, channel: 'chat', state: to }));
  presence('jim', 'after-call-work');
  assert.equal(store.state.afterCallWorkEndsAt, undefined, 'another agent\'s after-call work is not ours');
  presence('kate', 'after-call-work');
  assert.equal(store.state.afterCallWorkEndsAt, 60_000);
  clock = 60_000;
  presence('kate', 'ready');
  assert.equal(store.state.afterCallWorkEndsAt, undefined);
  assert.equal('afterCallWorkEndsAt' in store.state, false);
});

test('other commands resolve with the transport answer, or a typed error when it throws', async () => {
  const { store, transport } = setup();
  transport.answer = (c) => (c.type === 'leave' ? { ok: true, value: { sessionId: CHAT } } : { ok: false, error: { code: 'forbidden', message: 'No.' } });
  assert.deepEqual(await store.dispatch({ type: 'leave', sessionId: CHAT }), { ok: true, value: { sessionId: CHAT } });
  const refused = await store.dispatch({ type: 'mark-done', sessionId: CHAT });
  assert.equal(!refused.ok && refused.error.code, 'forbidden');
  transport.answer = () => {
    throw new ChatCommandError({ code: 'timeout', message: 'No answer in time.' });
  };
  const timedOut = await store.dispatch({ type: 'set-presence', channel: 'chat', state: 'ready' });
  assert.deepEqual(timedOut, { ok: false, error: { code: 'timeout', message: 'No answer in time.' } });
  transport.answer = () => Promise.reject(new Error('gone'));
  const gone = await store.dispatch({ type: 'set-typing', sessionId: CHAT, typing: true });
  assert.equal(!gone.ok && gone.error.code, 'not-connected');
  assert.deepEqual(store.state.pending, {});
});

test('select emits only changes and shares one computation between subscribers', () => {
  const { store, transport, s } = setup();
  let calls = 0;
  const status = store.select((state) => {
    calls += 1;
    return state.connection.status;
  });
  const a: string[] = [];
  const b: string[] = [];
  const subA = status.subscribe((v) => a.push(v));
  const subB = status.subscribe((v) => b.push(v));
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'x') }));
  transport.connection.next({ status: 'connected' });
  assert.deepEqual(a, ['idle', 'connected']);
  assert.deepEqual(b, ['idle', 'connected']);
  assert.equal(calls, 3);
  subA.unsubscribe();
  subB.unsubscribe();
});

test('select takes a custom equality', () => {
  const { store, transport, s } = setup();
  const seen: number[] = [];
  const sub = store
    .select((state) => state.sessions[CHAT]!.transcript.length, (x, y) => Math.abs(x - y) < 2)
    .subscribe((n) => seen.push(n));
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'x') }));
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(7, 'avril', 'y') }));
  assert.deepEqual(seen, [5, 7]);
  sub.unsubscribe();
});

test('destroy completes state$, disconnects, and ignores later events', async () => {
  const { store, transport, s } = setup();
  let completed = false;
  store.state$.subscribe({ complete: () => (completed = true) });
  const before = store.state;
  store.destroy();
  assert.equal(completed, true);
  assert.equal(transport.disconnects, 1);
  transport.events.next(s.next({ type: 'entry-added', sessionId: CHAT, entry: message(6, 'avril', 'late') }));
  assert.equal(store.state, before);
  store.destroy();
  assert.equal(transport.disconnects, 1);
});
