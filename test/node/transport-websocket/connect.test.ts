import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatCommandError } from '../../../src/engine/types.js';
import { parseEvent } from '../../../src/protocol/index.js';
import { createWebSocketTransport } from '../../../src/transport/websocket/index.js';
import { FakeTimers } from './fake-timers.js';
import { disconnectAll, wsTransport, tick } from './recorder.js';
import { emptySnapshot, numbered, startScriptedServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(async () => {
  await disconnectAll();
  await server.close();
});

describe('WebSocket transport: connecting', () => {
  it('uses only valid events in its scripted server', () => {
    assert.ok(parseEvent(emptySnapshot()).ok);
    assert.ok(parseEvent(numbered(1)).ok);
  });

  it('sends hello with the token, then counts itself connected on the snapshot', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 'signed-token' });
    assert.equal(t.state.status, 'connecting');
    const conn = await server.nextConnection();
    const hello = await conn.hello();
    assert.deepEqual(hello, { type: 'hello', token: 'signed-token' });
    conn.event('e1', 4, emptySnapshot());
    await connected;
    assert.equal(t.state.status, 'connected');
    assert.deepEqual(t.states.map((s) => s.status), ['idle', 'connecting', 'connected']);
    await t.until('the snapshot', () => t.events.length === 1);
    assert.equal(t.events[0]!.position, 4);
    await t.transport.disconnect();
    assert.equal(t.state.status, 'disconnected');
  });

  it('resolves a resume with nothing missed once the server answers the ping after hello', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't', resumeFrom: { epoch: 'e1', position: 9 } });
    const conn = await server.nextConnection();
    const hello = await conn.acceptHello();
    assert.deepEqual(hello.resumeFrom, { epoch: 'e1', position: 9 });
    await connected;
    assert.equal(t.state.status, 'connected');
    conn.event('e1', 9, numbered(9)); // already had it
    conn.event('e1', 10, numbered(10));
    await t.until('event 10', () => t.numbers().length > 0);
    assert.deepEqual(t.numbers(), ['s10']);
    await t.transport.disconnect();
  });

  it('refused credentials: connect rejects unauthorized with the server\'s words, status failed, no retry', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout });
    const connected = t.transport.connect({ userId: 'kate', token: 'forged' });
    const conn = await server.nextConnection();
    await conn.hello();
    conn.send({ type: 'error', error: { code: 'unauthorized', message: 'The sign-in token is not valid. Sign in again.' } });
    conn.close(4401, 'Unauthorized');
    await assert.rejects(connected, (error: unknown) => {
      assert.ok(error instanceof ChatCommandError);
      assert.equal(error.code, 'unauthorized');
      assert.equal(error.message, 'The sign-in token is not valid. Sign in again.');
      return true;
    });
    assert.deepEqual(t.state, { status: 'failed', reason: 'The sign-in token is not valid. Sign in again.' });
    assert.deepEqual(timers.pendingDelays(), [], 'no reconnection is scheduled');
    const countBefore = server.count;
    timers.advance(60_000);
    await tick();
    assert.equal(server.count, countBefore);
    const result = await t.transport.send({ type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.equal(!result.ok && result.error.code, 'not-connected');
    assert.deepEqual(t.errors(), [], 'the refusal is the connect error, not an error event');
  });

  it('a refusal without an error frame uses the close reason', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 'expired' });
    const conn = await server.nextConnection();
    await conn.hello();
    conn.close(4401, 'Your sign-in has expired.');
    await assert.rejects(connected, { name: 'ChatCommandError', code: 'unauthorized', message: 'Your sign-in has expired.' });
    assert.equal(t.state.status, 'failed');
  });

  it('a command before connect or after disconnect answers not-connected without sending', async () => {
    const t = wsTransport(server.url);
    const early = await t.transport.send({ type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.deepEqual(early.ok ? undefined : early.error.code, 'not-connected');
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    await t.transport.disconnect();
    const late = await t.transport.send({ type: 'set-presence', channel: 'chat', state: 'ready' });
    assert.equal(!late.ok && late.error.code, 'not-connected');
    await conn.closed;
    assert.deepEqual(conn.commands(), []);
  });

  it('disconnect while connecting rejects connect with not-connected and never reconnects', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.hello();
    await t.transport.disconnect();
    await assert.rejects(connected, { name: 'ChatCommandError', code: 'not-connected' });
    assert.equal(t.state.status, 'disconnected');
    assert.equal(await conn.closed, 1000);
  });

  it('without a token in connect, asks getToken before every attempt (a refreshed token after a drop)', async () => {
    const asked: string[] = [];
    let n = 0;
    const t = wsTransport(server.url, {
      getToken: async (userId) => {
        asked.push(userId);
        n++;
        if (n === 2) throw new Error('the sign-in service is down');
        return `token-${n}`;
      },
    });
    const connected = t.transport.connect({ userId: 'kate' });
    const first = await server.nextConnection();
    assert.equal((await first.acceptHello()).token, 'token-1');
    await connected;
    first.cut();
    // The second attempt fails to get a token and says so; the third signs in with a fresh one.
    await t.until('the token failure', () => /sign-in token \(the sign-in service is down\)/.test(t.state.reason ?? ''));
    const third = await server.nextConnection();
    assert.equal((await third.acceptHello()).token, 'token-3');
    await t.untilStatus('connected');
    assert.deepEqual(asked, ['kate', 'kate', 'kate']);
    await t.transport.disconnect();
  });

  it('disconnect straight after connect, before the socket is open, closes quietly', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    await t.transport.disconnect();
    await assert.rejects(connected, { name: 'ChatCommandError', code: 'not-connected' });
    await tick(50); // the aborted handshake reports its error on a later tick
    assert.equal(t.state.status, 'disconnected');
  });

  it('a URL the WebSocket cannot open fails for good, saying which URL', async () => {
    const t = wsTransport('not a websocket url');
    await assert.rejects(t.transport.connect({ userId: 'kate', token: 't' }), { name: 'ChatCommandError', code: 'not-connected' });
    assert.equal(t.state.status, 'failed');
    assert.match(t.state.reason ?? '', /not a websocket url/);
  });

  it('refuses options it cannot use with a readable TypeError', () => {
    assert.throws(() => createWebSocketTransport({ url: '' }), /options\.url/);
    if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined') {
      // Node 20: nothing to fall back on, and the message says what to pass.
      assert.throws(() => createWebSocketTransport({ url: 'ws://x' }), /no global WebSocket.*ws/);
    }
    assert.throws(() => createWebSocketTransport({ url: 'ws://x', WebSocket: class {} as never, heartbeatMs: -1 }), /heartbeatMs/);
  });
});

describe('WebSocket transport: commands', () => {
  it('gives each command a frame id, uses it as the command id, and resolves with the matching result', async () => {
    let n = 0;
    const t = wsTransport(server.url, { newId: () => `f${++n}` });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const first = t.transport.send({ type: 'set-presence', channel: 'chat', state: 'not-ready' });
    const second = t.transport.send({ type: 'set-presence', channel: 'chat', state: 'ready', commandId: 'mine' });
    const frame1 = await conn.next('command', (f) => f.id === 'f1');
    const frame2 = await conn.next('command', (f) => f.id === 'f2');
    assert.deepEqual(frame1.command, { type: 'set-presence', channel: 'chat', state: 'not-ready', commandId: 'f1' });
    assert.equal((frame2.command as { commandId: string }).commandId, 'mine', "the caller's own command id is kept");
    // Answers out of order still reach the right command.
    conn.send({ type: 'result', id: 'f2', result: { ok: false, error: { code: 'invalid-state', message: 'Already ready.' } } });
    conn.send({ type: 'result', id: 'f1', result: { ok: true } });
    assert.deepEqual(await first, { ok: true });
    assert.deepEqual(await second, { ok: false, error: { code: 'invalid-state', message: 'Already ready.' } });
    await t.transport.disconnect();
  });

  it('a rate-limited answer resolves that command rate-limited; the connection stays up', async () => {
    const t = wsTransport(server.url, { newId: () => 'only' });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const sent = t.transport.send({ type: 'send-message', sessionId: 's1', text: 'flood' });
    await conn.next('command');
    const error = { code: 'rate-limited', message: 'Too many messages: at most 20 every 1 seconds. Try again in 1 second.' };
    conn.send({ type: 'result', id: 'only', result: { ok: false, error } });
    assert.deepEqual(await sent, { ok: false, error });
    assert.equal(t.state.status, 'connected');
    await t.transport.disconnect();
  });

  it('a command over the frame size limit fails at once with invalid-input and is not sent', async () => {
    const t = wsTransport(server.url, { maxOutboundFrameBytes: 1024 });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const result = await t.transport.send({ type: 'send-message', sessionId: 's1', text: 'x'.repeat(2000) });
    assert.equal(!result.ok && result.error.code, 'invalid-input');
    assert.match(!result.ok ? result.error.message : '', /1024 bytes/);
    const ok = t.transport.send({ type: 'set-typing', sessionId: 's1', typing: true });
    const frame = await conn.next('command');
    conn.send({ type: 'result', id: frame.id, result: { ok: true } });
    assert.deepEqual(await ok, { ok: true });
    assert.equal(conn.commands().length, 1);
    await t.transport.disconnect();
  });

  it('a sent command the server never answers fails with timeout after commandTimeoutMs', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, commandTimeoutMs: 5000, heartbeatMs: 1e9 });
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const sent = t.transport.send({ type: 'leave', sessionId: 's1' });
    await conn.next('command');
    timers.advance(5000);
    const result = await sent;
    assert.equal(!result.ok && result.error.code, 'timeout');
    assert.match(!result.ok ? result.error.message : '', /did not answer .* 5 s/);
    await t.transport.disconnect();
  });

  it('disconnect answers commands still waiting with not-connected', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const sent = t.transport.send({ type: 'leave', sessionId: 's1' });
    await conn.next('command');
    await t.transport.disconnect();
    const result = await sent;
    assert.equal(!result.ok && result.error.code, 'not-connected');
  });
});

describe('WebSocket transport: frames it cannot use', () => {
  it('reports malformed frames as error events, ignores them, and stays connected', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.hello();
    conn.event('e1', 1, emptySnapshot());
    await connected;
    conn.send('this is not JSON');
    conn.send({ type: 'event', epoch: 'e1', position: 2, event: { type: 'teleported' } });
    conn.send({ type: 'greeting' });
    conn.sendBinary(new Uint8Array([1, 2, 3]));
    conn.event('e1', 2, numbered(2));
    await t.until('event 2', () => t.numbers().length === 1);
    const errors = t.errors();
    assert.equal(errors.length, 4);
    assert.ok(errors.every((e) => e.code === 'malformed-frame' && e.message.length > 20), JSON.stringify(errors));
    assert.match(errors[0]!.message, /JSON/);
    assert.match(errors[3]!.message, /binary/);
    // Error events carry the current position and do not move it.
    assert.deepEqual(t.events.filter((e) => e.event.type === 'error').map((e) => e.position), [1, 1, 1, 1]);
    assert.deepEqual(t.stream().map((e) => e.position), [1, 2]);
    assert.equal(t.state.status, 'connected');
    await t.transport.disconnect();
  });

  it('passes the server\'s error frames (outside any command) on as error events', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.acceptHello();
    await connected;
    const error = { code: 'malformed-frame', message: 'A client frame must have type "hello", "command" or "ping".', field: 'type' };
    conn.send({ type: 'error', error });
    await t.until('the error event', () => t.errors().length === 1);
    assert.deepEqual(t.errors(), [error]);
    assert.equal(t.state.status, 'connected');
    await t.transport.disconnect();
  });
});
