import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_RECONNECT } from '../../../src/transport/websocket/index.js';
import { FakeTimers } from './fake-timers.js';
import { disconnectAll, tick, wsTransport, type Recorded } from './recorder.js';
import { connectWithSnapshot as connectWith, numbered, startScriptedServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(async () => {
  await disconnectAll();
  await server.close();
});

const connectWithSnapshot = (t: Recorded) => connectWith(server, t.transport);

describe('backoff delays', () => {
  it('double from initialDelayMs up to maxDelayMs, with full jitter between 0 and that cap', () => {
    const options = { initialDelayMs: 500, maxDelayMs: 15_000, jitter: 'none' as const };
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, options, Math.random)), [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    assert.deepEqual(DEFAULT_RECONNECT, { initialDelayMs: 500, maxDelayMs: 15_000, jitter: 'full' });
    assert.equal(backoffDelay(3, DEFAULT_RECONNECT, () => 0), 0);
    assert.equal(backoffDelay(3, DEFAULT_RECONNECT, () => 0.5), 2000);
    assert.equal(backoffDelay(3, DEFAULT_RECONNECT, () => 0.999), 3996);
  });
});

describe('WebSocket transport: reconnecting', () => {
  it('after a lost connection: reconnecting with a reason, attempts spaced by jittered backoff, reset once connected', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, {
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      random: () => 0.5,
      reconnect: { initialDelayMs: 1000, maxDelayMs: 4000 },
      heartbeatMs: 1e9,
    });
    const first = await connectWithSnapshot(t);
    first.cut();
    await t.untilStatus('reconnecting');
    assert.match(t.state.reason ?? '', /lost.*reconnecting/);
    const delays: number[] = [];
    // Each attempt reaches the server, which drops it before answering hello.
    for (let attempt = 0; attempt < 4; attempt++) {
      const backoff = timers.pendingDelays().filter((ms) => ms < 1e9);
      assert.equal(backoff.length, 1, `one reconnection pending, got ${JSON.stringify(timers.pendingDelays())}`);
      delays.push(backoff[0]!);
      const before = server.count;
      timers.advance(backoff[0]! - 1);
      await tick();
      assert.equal(server.count, before, 'no attempt before the backoff has passed');
      timers.advance(1);
      const conn = await server.nextConnection();
      await conn.hello();
      conn.cut();
      await t.until('the attempt to fail', () => timers.pendingDelays().some((ms) => ms < 1e9));
      assert.equal(t.state.status, 'reconnecting');
    }
    assert.deepEqual(delays, [500, 1000, 2000, 2000], 'half (random 0.5) of 1000, 2000, 4000, then the 4000 cap');
    timers.advance(timers.pendingDelays()[0]!);
    const good = await server.nextConnection();
    assert.deepEqual((await good.hello()).resumeFrom, { epoch: 'e1', position: 1 });
    good.event('e1', 2, numbered(2));
    await t.untilStatus('connected');
    good.cut();
    await t.untilStatus('reconnecting');
    assert.deepEqual(timers.pendingDelays().filter((ms) => ms < 1e9), [500], 'the backoff starts over after a success');
    await t.transport.disconnect();
    assert.deepEqual(timers.pendingDelays().filter((ms) => ms < 1e9), [], 'disconnect cancels the reconnection');
  });

  it('a server restart (1012) reconnects soon and says why', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, random: () => 0.5, heartbeatMs: 1e9 });
    const conn = await connectWithSnapshot(t);
    conn.close(1012, 'Server restarting');
    await t.untilStatus('reconnecting');
    assert.equal(t.state.reason, 'The server is restarting; reconnecting.');
    assert.deepEqual(timers.pendingDelays().filter((ms) => ms < 1e9), [250]);
    timers.advance(250);
    const next = await server.nextConnection();
    await next.acceptHello();
    await t.untilStatus('connected');
    await t.transport.disconnect();
  });

  it('a refusal on reconnecting (expired sign-in) fails for good and answers the outbox unauthorized', async () => {
    const t = wsTransport(server.url);
    const conn = await connectWithSnapshot(t);
    conn.cut();
    await t.untilStatus('reconnecting');
    const waiting = t.transport.send({ type: 'leave', sessionId: 's1' });
    const next = await server.nextConnection();
    await next.hello();
    next.send({ type: 'error', error: { code: 'unauthorized', message: 'Your sign-in has expired. Sign in again.' } });
    next.close(4401, 'Unauthorized');
    await t.untilStatus('failed');
    assert.equal(t.state.reason, 'Your sign-in has expired. Sign in again.');
    const result = await waiting;
    assert.equal(!result.ok && result.error.code, 'unauthorized');
    assert.deepEqual(next.commands(), []);
  });
});

describe('WebSocket transport: outbox and in-flight commands', () => {
  it('commands sent while reconnecting wait in order and go out once after the resume', async () => {
    const t = wsTransport(server.url);
    const first = await connectWithSnapshot(t);
    first.cut();
    await t.untilStatus('reconnecting');
    const texts = ['one', 'two', 'three'];
    const results = texts.map((text) => t.transport.send({ type: 'send-message', sessionId: 's1', text }));
    const second = await server.nextConnection();
    const hello = await second.hello();
    assert.deepEqual(hello.resumeFrom, { epoch: 'e1', position: 1 });
    assert.deepEqual(second.commands(), [], 'nothing is sent before the server takes the hello');
    const ping = await second.next('ping');
    second.send({ type: 'pong', id: ping.id });
    await second.next('command', (f) => (f.command as { text: string }).text === 'three');
    const sent = second.commands();
    assert.deepEqual(sent.map((f) => (f.command as { text: string }).text), texts);
    for (const frame of sent) second.send({ type: 'result', id: frame.id, result: { ok: true, value: { entryId: String(frame.id) } } });
    const answered = await Promise.all(results);
    assert.deepEqual(answered.map((r) => r.ok), [true, true, true]);
    await tick();
    assert.equal(second.commands().length, 3, 'each sent once');
    assert.equal(first.commands().length, 0);
    await t.transport.disconnect();
  });

  it('a command that cannot be sent within outboxTimeoutMs fails with timeout and is never sent', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, {
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      heartbeatMs: 1e9,
      reconnect: { initialDelayMs: 40_000, maxDelayMs: 40_000, jitter: 'none' },
    });
    const first = await connectWithSnapshot(t);
    first.cut();
    await t.untilStatus('reconnecting');
    const stale = t.transport.send({ type: 'send-message', sessionId: 's1', text: 'too late' });
    timers.advance(29_999);
    const fresh = t.transport.send({ type: 'send-message', sessionId: 's1', text: 'in time' });
    timers.advance(1);
    const result = await stale;
    assert.equal(!result.ok && result.error.code, 'timeout');
    assert.match(!result.ok ? result.error.message : '', /not sent within 30 s/);
    timers.advance(10_000); // the reconnection is due at 40 s, before the fresh command's 30 s are up
    const second = await server.nextConnection();
    await second.acceptHello();
    const frame = await second.next('command');
    second.send({ type: 'result', id: frame.id, result: { ok: true } });
    assert.deepEqual(await fresh, { ok: true });
    await tick();
    assert.deepEqual(second.commands().map((f) => (f.command as { text: string }).text), ['in time']);
    await t.transport.disconnect();
  });

  it('a held command that goes out keeps one deadline: the command time-out replaces the outbox one', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, {
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      heartbeatMs: 1e9,
      outboxTimeoutMs: 30_000,
      commandTimeoutMs: 10_000,
      reconnect: { initialDelayMs: 5_000, maxDelayMs: 5_000, jitter: 'none' },
    });
    const first = await connectWithSnapshot(t);
    first.cut();
    await t.untilStatus('reconnecting');
    let settled: unknown;
    const held = t.transport.send({ type: 'send-message', sessionId: 's1', text: 'held' });
    void held.then((r) => (settled = r));
    timers.advance(5_000);
    const second = await server.nextConnection();
    await second.acceptHello();
    const frame = await second.next('command');
    await t.untilStatus('connected');
    assert.deepEqual(timers.pendingDelays().filter((ms) => ms < 1e9), [10_000], 'only the command deadline is left waiting');
    timers.advance(9_999);
    await tick();
    assert.equal(settled, undefined, 'not answered and not yet timed out');
    second.send({ type: 'result', id: frame.id, result: { ok: true } });
    assert.deepEqual(await held, { ok: true });
    assert.deepEqual(timers.pendingDelays().filter((ms) => ms < 1e9), [], 'no deadline outlives the answer');
    await t.transport.disconnect();
  });

  it('a command in flight when the connection drops is re-sent after the resume with the same frame id and command id', async () => {
    let n = 0;
    const t = wsTransport(server.url, { newId: () => `cmd-${++n}` });
    const first = await connectWithSnapshot(t);
    const result = t.transport.send({ type: 'send-message', sessionId: 's1', text: 'in flight' });
    const original = await first.next('command');
    first.cut(); // the server may or may not have applied it: no answer came back
    const second = await server.nextConnection();
    await second.acceptHello();
    const resent = await second.next('command');
    assert.deepEqual(resent, original);
    assert.equal((resent.command as { commandId: string }).commandId, 'cmd-1');
    second.send({ type: 'result', id: 'cmd-1', result: { ok: true, value: { entryId: 'e9' } } });
    assert.deepEqual(await result, { ok: true, value: { entryId: 'e9' } });
    await t.transport.disconnect();
  });
});

describe('WebSocket transport: connecting again', () => {
  it('connect while a command is in flight re-sends it on the new connection with the same id', async () => {
    let n = 0;
    const t = wsTransport(server.url, { newId: () => `again-${++n}` });
    const first = await connectWithSnapshot(t);
    const result = t.transport.send({ type: 'leave', sessionId: 's1' });
    const original = await first.next('command');
    const reconnected = t.transport.connect({ userId: 'kate', token: 't', resumeFrom: { epoch: 'e1', position: 1 } });
    assert.equal(await first.closed, 1000);
    const second = await server.nextConnection();
    await second.acceptHello();
    await reconnected;
    assert.deepEqual(await second.next('command'), original);
    second.send({ type: 'result', id: original.id, result: { ok: true } });
    assert.deepEqual(await result, { ok: true });
    await t.transport.disconnect();
  });

  it("connect as another user answers the first user's waiting commands not-connected instead of sending them", async () => {
    // A long backoff: the only new connection is the one connect opens.
    const t = wsTransport(server.url, { reconnect: { initialDelayMs: 60_000, jitter: 'none' } });
    const first = await connectWithSnapshot(t);
    first.cut();
    await t.untilStatus('reconnecting');
    const queued = t.transport.send({ type: 'leave', sessionId: 's1' });
    const switched = t.transport.connect({ userId: 'jim', token: 'jims' });
    const result = await queued;
    assert.equal(!result.ok && result.error.code, 'not-connected');
    const second = await server.nextConnection();
    await second.acceptHello();
    await switched;
    await tick();
    assert.deepEqual(second.commands(), []);
    await t.transport.disconnect();
  });
});

describe('WebSocket transport: heartbeat', () => {
  it('pings after heartbeatMs of silence; an answer keeps the connection', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, heartbeatMs: 25_000, heartbeatTimeoutMs: 10_000 });
    const conn = await connectWithSnapshot(t);
    const seen = conn.frames.length;
    timers.advance(25_000);
    const ping = await conn.next('ping', () => true, seen);
    conn.send({ type: 'pong', id: ping.id });
    await tick();
    timers.advance(10_000);
    await tick();
    assert.equal(t.state.status, 'connected');
    await t.transport.disconnect();
  });

  it('no answer within heartbeatTimeoutMs: reconnecting, then resumed from the last position', async () => {
    const timers = new FakeTimers();
    const t = wsTransport(server.url, { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, heartbeatMs: 25_000, heartbeatTimeoutMs: 10_000 });
    const silent = await connectWithSnapshot(t);
    silent.event('e1', 2, numbered(2));
    await t.until('event 2', () => t.numbers().length === 1);
    const seen = silent.frames.length;
    timers.advance(25_000);
    await silent.next('ping', () => true, seen);
    timers.advance(10_000);
    assert.equal(t.state.status, 'reconnecting');
    assert.equal(t.state.reason, 'The server has not answered for 35 s; reconnecting.');
    timers.advance(0); // random 0: the first attempt is due at once
    const next = await server.nextConnection();
    assert.deepEqual((await next.hello()).resumeFrom, { epoch: 'e1', position: 2 });
    next.event('e1', 3, numbered(3));
    await t.untilStatus('connected');
    await t.until('event 3', () => t.numbers().length === 2);
    assert.deepEqual(t.numbers(), ['s2', 's3']);
    await t.transport.disconnect();
  });
});
