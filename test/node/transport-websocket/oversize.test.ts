import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wsTransport } from './recorder.js';
import { emptySnapshot, numbered, startScriptedServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(() => server.close());

/** An event too big for a client whose limit is 4 KiB: a snapshot whose user's name is 10 KiB long. */
function hugeSnapshot() {
  const snapshot = emptySnapshot();
  snapshot.snapshot.user.name = 'x'.repeat(10_000);
  return snapshot;
}

describe('WebSocket transport: a frame too large to read', () => {
  it('mid-stream: says so, shows reconnecting with the reason, and reloads from a fresh snapshot', async () => {
    const t = wsTransport(server.url, { maxInboundFrameBytes: 4096 });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const first = await server.nextConnection();
    await first.hello();
    first.event('e1', 1, emptySnapshot());
    await connected;
    first.event('e1', 2, numbered(2));
    first.send({ type: 'event', epoch: 'e1', position: 3, event: { type: 'session-removed', sessionId: 'y'.repeat(5000) } });
    await t.until('the error', () => t.errors().length === 1);
    assert.match(t.errors()[0]!.message, /larger than this client's 4096-byte limit/);
    await t.until('reconnecting', () => t.states.some((s) => s.status === 'reconnecting'));
    const shown = t.states.find((s) => s.status === 'reconnecting')!;
    assert.match(shown.reason ?? '', /larger than this client's 4096-byte limit/, 'the state says why: no silent empty desktop');

    const second = await server.nextConnection();
    const hello = await second.hello();
    assert.equal(hello.resumeFrom, undefined, 'it asks for a fresh snapshot: resuming would replay the same frame');
    second.event('e1', 3, emptySnapshot());
    await t.untilStatus('connected');
    assert.deepEqual(t.stream().map((e) => [e.position, e.event.type]), [[1, 'snapshot'], [2, 'session-removed'], [3, 'snapshot']]);
    await t.transport.disconnect();
  });

  it('a snapshot too large at sign-in: connecting with the reason, and connected once one fits', async () => {
    const t = wsTransport(server.url, { maxInboundFrameBytes: 4096 });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const first = await server.nextConnection();
    await first.hello();
    first.event('e1', 7, hugeSnapshot());
    await t.until('the reason', () => /4096-byte limit/.test(t.state.reason ?? ''));
    assert.equal(t.state.status, 'connecting');
    assert.deepEqual(t.stream(), [], 'nothing was delivered as if it were the state');
    const second = await server.nextConnection();
    await second.hello();
    second.event('e1', 8, emptySnapshot());
    await connected;
    assert.deepEqual(t.stream().map((e) => e.position), [8]);
    await t.transport.disconnect();
  });
});
