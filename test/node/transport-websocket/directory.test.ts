import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCommandError, type AgentEntry } from '../../../src/engine/types.js';
import type { PresenceChange } from '../../../src/transport/types.js';
import { disconnectAll, wsTransport, type Recorded } from './recorder.js';
import { connectWithSnapshot, emptySnapshot, startScriptedServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(async () => {
  await disconnectAll();
  await server.close();
});

const connected = (t: Recorded) => connectWithSnapshot(server, t.transport);

function agent(id: string, chat: AgentEntry['presence']['chat'], voice: AgentEntry['presence']['voice'] = 'ready'): AgentEntry {
  return { kind: 'agent', id, name: id, presence: { chat, voice, email: 'offline' }, chatCapacity: 1 };
}

const code = (expected: string) => (error: unknown) => error instanceof ChatCommandError && error.code === expected;

function heard(t: Recorded): PresenceChange[] {
  const changes: PresenceChange[] = [];
  t.transport.presence$.subscribe((change) => changes.push(change));
  return changes;
}

describe('WebSocket transport: directory search', () => {
  it('sends a search frame and resolves with the page the server answers under its id', async () => {
    const t = wsTransport(server.url);
    const conn = await connected(t);
    const answer = t.transport.searchDirectory({ query: 'jim', filter: 'agent', limit: 5 });
    const frame = await conn.next('search');
    assert.deepEqual(frame.query, { query: 'jim', filter: 'agent', limit: 5 });
    assert.equal(typeof frame.id, 'string');
    conn.send({ type: 'search-result', id: frame.id, result: { ok: true, page: { targets: [agent('jim', 'ready')], total: 1, offset: 0 } } });
    assert.deepEqual(await answer, { targets: [agent('jim', 'ready')], total: 1, offset: 0 });
    await t.transport.disconnect();
  });

  it('rejects with the server refusal, with invalid-input before sending a bad query, and with not-connected when not connected', async () => {
    const t = wsTransport(server.url);
    await assert.rejects(t.transport.searchDirectory({ query: 'a' }), code('not-connected'));
    const conn = await connected(t);
    await assert.rejects(t.transport.searchDirectory({ query: '', limit: 1000 }), code('invalid-input'));
    await assert.rejects(t.transport.searchDirectory({ query: 'x'.repeat(500) }), code('invalid-input'));
    const refused = t.transport.searchDirectory({ query: 'a' });
    const frame = await conn.next('search');
    assert.equal(conn.frames.filter((f) => f.type === 'search').length, 1, 'the bad queries never went out');
    conn.send({ type: 'search-result', id: frame.id, result: { ok: false, error: { code: 'rate-limited', message: 'Too many searches.' } } });
    await assert.rejects(refused, code('rate-limited'));
    await t.transport.disconnect();
  });

  it('rejects a search in flight with not-connected when the connection is lost, and times out a search never answered', async () => {
    const t = wsTransport(server.url, { commandTimeoutMs: 300, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const conn = await connected(t);
    const lost = t.transport.searchDirectory({ query: 'a' });
    await conn.next('search');
    conn.cut();
    await assert.rejects(lost, code('not-connected'));
    await t.transport.disconnect();
    const u = wsTransport(server.url, { commandTimeoutMs: 300 });
    const again = await connected(u);
    const silent = u.transport.searchDirectory({ query: 'b' });
    await again.next('search');
    await assert.rejects(silent, code('timeout'));
    await u.transport.disconnect();
  });
});

describe('WebSocket transport: watched presence', () => {
  it('sends the watch list, learns the answer, and emits presence frames that change something', async () => {
    const t = wsTransport(server.url);
    const changes = heard(t);
    const conn = await connected(t);
    const watching = t.transport.watchTargets(['jim', 'nobody']);
    const frame = await conn.next('watch');
    assert.deepEqual(frame.ids, ['jim', 'nobody']);
    conn.send({ type: 'watch-result', id: frame.id, result: { ok: true, targets: [agent('jim', 'ready')] } });
    assert.deepEqual(await watching, [agent('jim', 'ready')]);
    conn.send({ type: 'presence', userId: 'jim', channel: 'chat', state: 'ready' });
    conn.send({ type: 'presence', userId: 'jim', channel: 'chat', state: 'not-ready' });
    await t.until('a presence change', () => changes.length > 0);
    assert.deepEqual(changes, [{ userId: 'jim', channel: 'chat', state: 'not-ready' }], 'a change to the known state says nothing new');
    await t.transport.disconnect();
  });

  it('sends the watch list again after a reconnection and emits what changed meanwhile', async () => {
    const t = wsTransport(server.url, { reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    const changes = heard(t);
    const first = await connected(t);
    const watching = t.transport.watchTargets(['jim', 'maria']);
    const frame = await first.next('watch');
    first.send({ type: 'watch-result', id: frame.id, result: { ok: true, targets: [agent('jim', 'ready'), agent('maria', 'ready')] } });
    await watching;
    first.cut();
    const second = await server.nextConnection();
    await second.hello();
    second.event('e1', 1, emptySnapshot());
    const resent = await second.next('watch');
    assert.deepEqual(resent.ids, ['jim', 'maria']);
    second.send({ type: 'watch-result', id: resent.id, result: { ok: true, targets: [agent('jim', 'after-call-work'), agent('maria', 'ready')] } });
    await t.until('the change made while away', () => changes.length > 0);
    assert.deepEqual(changes, [{ userId: 'jim', channel: 'chat', state: 'after-call-work' }]);
    await t.transport.disconnect();
  });

  it('keeps a list set while not connected (rejecting with not-connected) and sends it once connected', async () => {
    const t = wsTransport(server.url);
    const changes = heard(t);
    await assert.rejects(t.transport.watchTargets(['jim']), code('not-connected'));
    await assert.rejects(t.transport.watchTargets(Array.from({ length: 501 }, (_, i) => `a${i}`)), code('invalid-input'));
    const conn = await connected(t);
    const frame = await conn.next('watch');
    assert.deepEqual(frame.ids, ['jim'], 'the refused list did not replace the kept one');
    conn.send({ type: 'watch-result', id: frame.id, result: { ok: true, targets: [agent('jim', 'ready', 'not-ready')] } });
    await t.until("Jim's presence", () => changes.length === 3);
    assert.deepEqual(changes, [
      { userId: 'jim', channel: 'chat', state: 'ready' },
      { userId: 'jim', channel: 'voice', state: 'not-ready' },
      { userId: 'jim', channel: 'email', state: 'offline' },
    ]);
    await t.transport.disconnect();
  });
});

describe('WebSocket transport: directory frames before any search or watch', () => {
  it('refuses a malformed one with a typed error and ignores a valid one nobody asked for (the directory part is not loaded yet)', async () => {
    const t = wsTransport(server.url);
    const changes = heard(t);
    const conn = await connected(t);
    conn.send({ type: 'presence', userId: 'jim', channel: 'fax', state: 'ready' });
    conn.send({ type: 'search-result', id: 'nobody-asked', result: { ok: true, page: { targets: [agent('jim', 'ready')], total: 1, offset: 0 } } });
    conn.send({ type: 'presence', userId: 'jim', channel: 'chat', state: 'ready' });
    // A command answered after the three frames: they were all read by then.
    const pong = t.transport.send({ type: 'set-presence', channel: 'chat', state: 'ready' });
    const command = await conn.next('command');
    conn.send({ type: 'result', id: command.id, result: { ok: true } });
    await pong;
    const errors = t.events.filter((e) => e.event.type === 'error').map((e) => (e.event.type === 'error' ? e.event.error : undefined));
    assert.equal(errors.length, 1, 'only the malformed frame is an error');
    assert.equal(errors[0]?.code, 'malformed-frame');
    assert.equal(errors[0]?.field, 'channel');
    assert.deepEqual(changes, [], 'presence of a target nobody watches is not emitted');
    // The directory part loads on the first search and works from then on.
    const answer = t.transport.searchDirectory({ query: 'jim' });
    const frame = await conn.next('search');
    conn.send({ type: 'search-result', id: frame.id, result: { ok: true, page: { targets: [], total: 0, offset: 0 } } });
    assert.deepEqual(await answer, { targets: [], total: 0, offset: 0 });
    await t.transport.disconnect();
  });
});

