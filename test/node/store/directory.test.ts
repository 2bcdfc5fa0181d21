import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkspaceStore } from '../../../src/store/store.js';
import { fixtureDirectory, fixtureState } from '../../../src/store/fixtures.js';
import { TARGET_CACHE_SLACK } from '../../../src/store/directory-requests.js';
import { createMemoryContactCenter } from '../../../src/transport/memory/index.js';
import { ChatCommandError, type AgentEntry, type DirectoryTarget, type InternalTarget } from '../../../src/engine/types.js';
import { MAX_WATCHED_TARGETS, type DirectoryPage } from '../../../src/protocol/directory.js';
import { FakeTransport, deferred, snapshotOf, streamer } from './helpers.js';

const DIRECTORY = fixtureDirectory();
const byId = new Map(DIRECTORY.map((t) => [t.id, t]));
const entry = (id: string): InternalTarget => structuredClone(byId.get(id)!);
const chatOf = (t: DirectoryTarget | undefined) => (t?.kind === 'agent' ? t.presence.chat : undefined);

/** A store over a fake transport, connected, with Kate's snapshot (the active consultation: Jim is a party). */
async function setup(scenario: 'connected' | 'active-consultation' = 'connected') {
  const transport = new FakeTransport();
  transport.watchAnswer = (ids) => ids.flatMap((id) => (byId.has(id) ? [entry(id)] : []));
  const store = createWorkspaceStore({ transport, user: { id: 'kate' } });
  await store.connect();
  transport.events.next(streamer('e1', 0).snapshot(snapshotOf(fixtureState(scenario))));
  // Settles the store's own watch (the parties of Kate's sessions), its code loaded on demand.
  await store.watchTargets([], 'setup');
  return { transport, store };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('searchDirectory answers the backend page and caches its entries by id', async () => {
  const { transport, store } = await setup();
  transport.searchAnswer = (query) => ({ targets: [entry('jim')], total: 1, offset: query.offset ?? 0 });
  const result = await store.searchDirectory({ query: 'ji', filter: 'agent', limit: 10 });
  assert.deepEqual(transport.searches, [{ query: 'ji', filter: 'agent', limit: 10 }]);
  assert.ok(result.ok);
  assert.deepEqual(result.page.targets.map((t) => t.name), ['Jim Miller']);
  assert.equal(result.page.total, 1);
  assert.equal(store.state.targets.jim?.name, 'Jim Miller');
  // The same entry again keeps the cached object (views re-render on identity).
  const cached = store.state.targets.jim;
  await store.searchDirectory({ query: 'jim' });
  assert.equal(store.state.targets.jim, cached);
});

test('a bad query is refused as invalid-input naming the field, without asking the backend', async () => {
  const { transport, store } = await setup();
  const cases = [
    [{ query: 42 }, 'query'],
    [{ query: 'x'.repeat(201) }, 'query'],
    [{ query: 'a', filter: 'people' }, 'filter'],
    [{ query: 'a', offset: -1 }, 'offset'],
    [{ query: 'a', limit: 0 }, 'limit'],
    [{ query: 'a', limit: 101 }, 'limit'],
  ] as const;
  for (const [query, field] of cases) {
    const result = await store.searchDirectory(query as never);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'invalid-input');
    assert.equal(!result.ok && result.error.field, field);
  }
  assert.deepEqual(transport.searches, []);
  assert.deepEqual(store.state.targets, {});
});

test('a backend that refuses or throws gives a typed error, never a rejection', async () => {
  const { transport, store } = await setup();
  transport.searchAnswer = () => {
    throw new ChatCommandError({ code: 'not-connected', message: 'The directory cannot be searched because the transport is not connected.' });
  };
  const refused = await store.searchDirectory({ query: 'jim' });
  assert.deepEqual(refused, { ok: false, error: { code: 'not-connected', message: 'The directory cannot be searched because the transport is not connected.' } });
  transport.searchAnswer = () => {
    throw new Error('socket closed');
  };
  const thrown = await store.searchDirectory({ query: 'jim' });
  assert.equal(!thrown.ok && thrown.error.code, 'not-connected');
  assert.match(!thrown.ok ? thrown.error.message : '', /socket closed/);
});

test("watchTargets sends the union of every owner's ids and the agents of the user's sessions, deduplicated, and not an identical set again", async () => {
  const { transport, store } = await setup('active-consultation');
  // Jim is the peer of Kate's consultation: followed with no view asking.
  assert.deepEqual(transport.watches, [['jim']]);
  const watched = await store.watchTargets(['ravi', 'billing-queue', 'ravi'], 'communicator');
  assert.ok(watched.ok);
  assert.deepEqual(watched.targets.map((t) => t.id), ['ravi', 'billing-queue']);
  assert.deepEqual(transport.watches.at(-1), ['jim', 'ravi', 'billing-queue']);
  await store.watchTargets(['billing-queue', 'ravi'], 'communicator');
  assert.equal(transport.watches.length, 2, 'the same set in another order is not sent again');
  await store.watchTargets(['tom'], 'another view');
  assert.deepEqual([...transport.watches.at(-1)!].sort(), ['billing-queue', 'jim', 'ravi', 'tom']);
  await store.watchTargets([], 'communicator');
  assert.deepEqual([...transport.watches.at(-1)!].sort(), ['jim', 'tom'], 'released ids leave the set');
  assert.equal(store.state.targets.tom?.name, 'Tom Baker');
});

test('watch calls made while one is in flight are sent once it answers, the latest set only', async () => {
  const { transport, store } = await setup();
  const first = deferred<InternalTarget[]>();
  transport.watchAnswer = () => first.promise;
  const a = store.watchTargets(['jim'], 'v');
  const b = store.watchTargets(['jim', 'ravi'], 'v');
  const c = store.watchTargets(['lena'], 'v');
  await flush();
  assert.deepEqual(transport.watches, [['jim']]);
  transport.watchAnswer = (ids) => ids.map(entry);
  first.resolve([entry('jim')]);
  const results = await Promise.all([a, b, c]);
  assert.deepEqual(transport.watches, [['jim'], ['lena']]);
  assert.ok(results.every((r) => r.ok));
  assert.deepEqual(results[2]!.ok && results[2]!.targets.map((t) => t.id), ['lena']);
});

test('pushed presence updates a cached entry; an answer sent before the push does not undo it', async () => {
  const { transport, store } = await setup();
  await store.watchTargets(['jim'], 'v');
  assert.equal(chatOf(store.state.targets.jim), 'ready');
  transport.presence.next({ userId: 'jim', channel: 'chat', state: 'not-ready' });
  assert.equal(chatOf(store.state.targets.jim), 'not-ready');
  assert.equal((store.state.targets.jim as AgentEntry).presence.voice, 'ready');

  // A search answered with Jim still Ready, while Jim went offline on the way.
  const page = deferred<DirectoryPage>();
  transport.searchAnswer = () => page.promise;
  const searched = store.searchDirectory({ query: 'jim' });
  await flush();
  assert.equal(transport.searches.length, 1, 'the search is on its way');
  transport.presence.next({ userId: 'jim', channel: 'chat', state: 'offline' });
  page.resolve({ targets: [entry('jim')], total: 1, offset: 0 });
  const result = await searched;
  assert.equal(chatOf(store.state.targets.jim), 'offline');
  assert.equal(result.ok && chatOf(result.page.targets[0]), 'offline', 'the page carries the newer presence');

  // Presence of someone never given is not invented.
  transport.presence.next({ userId: 'sofia', channel: 'chat', state: 'ready' });
  assert.equal(store.state.targets.sofia, undefined);
});

test('not connected: watching answers not-connected without sending; the set is sent once connected', async () => {
  const transport = new FakeTransport();
  transport.watchAnswer = (ids) => ids.map(entry);
  const store = createWorkspaceStore({ transport, user: { id: 'kate' } });
  const early = await store.watchTargets(['jim'], 'v');
  assert.equal(!early.ok && early.error.code, 'not-connected');
  assert.deepEqual(transport.watches, []);
  await store.connect();
  await flush();
  assert.deepEqual(transport.watches, [['jim']]);
  assert.equal(store.state.targets.jim?.name, 'Jim Miller', 'the answer fills the cache (favourites show after a reload)');
});

test('a failed watch is sent again after the next connection', async () => {
  const { transport, store } = await setup();
  transport.watchAnswer = () => {
    throw new ChatCommandError({ code: 'not-connected', message: 'Lost.' });
  };
  const failed = await store.watchTargets(['ravi'], 'v');
  assert.equal(!failed.ok && failed.error.code, 'not-connected');
  transport.watchAnswer = (ids) => ids.map(entry);
  transport.connection.next({ status: 'reconnecting' });
  transport.connection.next({ status: 'connected' });
  await flush();
  assert.deepEqual(transport.watches.at(-1), ['ravi']);
  assert.equal(store.state.targets.ravi?.name, 'Ravi Patel');
});

test('the cache stays small: entries neither watched nor recent are dropped, watched ones kept', async () => {
  const { transport, store } = await setup();
  const many = fixtureDirectory(MAX_WATCHED_TARGETS + 3 * TARGET_CACHE_SLACK).filter((t) => t.id.startsWith('agent-'));
  await store.watchTargets(['jim'], 'v');
  transport.searchAnswer = (query) => {
    const offset = query.offset ?? 0;
    return { targets: many.slice(offset, offset + (query.limit ?? 50)).map((t) => structuredClone(t)), total: many.length, offset };
  };
  for (let offset = 0; offset < many.length; offset += 100) await store.searchDirectory({ query: 'agent', offset, limit: 100 });
  const size = Object.keys(store.state.targets).length;
  assert.ok(size <= MAX_WATCHED_TARGETS + TARGET_CACHE_SLACK, `${size} entries cached`);
  assert.ok(store.state.targets.jim, 'the watched entry stays');
  assert.ok(store.state.targets[many.at(-1)!.id], 'the latest page stays');
  assert.equal(store.state.targets[many[0]!.id], undefined, 'the oldest page went');
});

test('destroy stops following presence', async () => {
  const { transport, store } = await setup();
  await store.watchTargets(['jim'], 'v');
  assert.equal(transport.presence.observed, true);
  store.destroy();
  assert.equal(transport.presence.observed, false);
});

test('on the memory transport: ranked search without the user, and a watched agent\u2019s presence reaches the cache', async (t) => {
  const center = createMemoryContactCenter({ clock: 'virtual' });
  t.after(() => center.dispose());
  const kate = createWorkspaceStore({ transport: center.transport(), user: { id: 'kate' } });
  const jim = createWorkspaceStore({ transport: center.transport(), user: { id: 'jim' } });
  await Promise.all([kate.connect(), jim.connect()]);
  await center.settle();
  assert.deepEqual(kate.state.presence, { chat: 'ready', voice: 'ready', email: 'not-ready' });
  const found = await kate.searchDirectory({ query: 'm', filter: 'agent' });
  assert.ok(found.ok);
  assert.deepEqual(found.page.targets.map((x) => x.name), ['Maria Garcia', 'Jim Miller']);
  const all = await kate.searchDirectory({ query: '' });
  assert.ok(all.ok && all.page.targets.every((x) => x.id !== 'kate'), 'Kate is not a target for herself');

  await kate.watchTargets(['jim'], 'communicator');
  await jim.dispatch({ type: 'set-presence', channel: 'chat', state: 'not-ready' });
  await center.settle();
  assert.equal(chatOf(kate.state.targets.jim), 'not-ready');
  assert.equal(jim.state.presence?.chat, 'not-ready', "Jim's own presence follows his own event");

  // Released: Kate is no longer told (presence is not in her ordered stream either).
  await kate.watchTargets([], 'communicator');
  await jim.dispatch({ type: 'set-presence', channel: 'chat', state: 'ready' });
  await center.settle();
  assert.equal(chatOf(kate.state.targets.jim), 'not-ready');
  assert.equal(jim.state.presence?.chat, 'ready');
  kate.destroy();
  jim.destroy();
});

test("an agent's store follows presence once its snapshot arrives; a contact's never loads the directory", async () => {
  for (const [viewer, follows] of [['avril', false], ['kate', true]] as const) {
    const transport = new FakeTransport();
    const store = createWorkspaceStore({ transport, user: { id: viewer } });
    await store.connect();
    transport.events.next(streamer('e1', 0).snapshot(snapshotOf(fixtureState('connected', { viewer }))));
    await import('../../../src/store/directory.js');
    await flush();
    assert.equal(transport.presence.observed, follows, viewer);
    store.destroy();
  }
});
