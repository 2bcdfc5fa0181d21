import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeEvent } from '../../../src/transport/websocket/stream-order.js';
import { disconnectAll, wsTransport } from './recorder.js';
import { emptySnapshot, numbered, startScriptedServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(async () => {
  await disconnectAll();
  await server.close();
});

const at = (epoch: string, position: number, n = position) => ({ epoch, position, event: numbered(n) as never });

describe('stream order verdicts', () => {
  it('delivers the next position and any snapshot; drops duplicates; flags gaps and other epochs', () => {
    const last = { epoch: 'e1', position: 5 };
    assert.equal(judgeEvent(last, at('e1', 6)), 'deliver');
    assert.equal(judgeEvent(last, at('e1', 5)), 'duplicate');
    assert.equal(judgeEvent(last, at('e1', 2)), 'duplicate');
    assert.equal(judgeEvent(last, at('e1', 8)), 'gap');
    assert.equal(judgeEvent(last, at('e2', 6)), 'new-stream');
    assert.equal(judgeEvent(undefined, at('e1', 1)), 'new-stream');
    assert.equal(judgeEvent(last, { epoch: 'e2', position: 40, event: emptySnapshot() as never }), 'deliver');
    assert.equal(judgeEvent(undefined, { epoch: 'e1', position: 0, event: emptySnapshot() as never }), 'deliver');
  });
});

describe('WebSocket transport: stream order over a socket', () => {
  it('passes events on strictly in order, dropping duplicates', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.hello();
    conn.event('e1', 3, emptySnapshot());
    await connected;
    for (const p of [4, 5, 5, 4, 3, 6]) conn.event('e1', p, numbered(p));
    await t.until('event 6', () => t.numbers().includes('s6'));
    assert.deepEqual(t.stream().map((e) => e.position), [3, 4, 5, 6]);
    assert.deepEqual(t.numbers(), ['s4', 's5', 's6']);
    await t.transport.disconnect();
  });

  it('a gap is never passed on: it reconnects and resumes from the last position it delivered', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const first = await server.nextConnection();
    await first.hello();
    first.event('e1', 3, emptySnapshot());
    await connected;
    first.event('e1', 4, numbered(4));
    first.event('e1', 7, numbered(7)); // 5 and 6 went missing
    first.event('e1', 8, numbered(8));
    const second = await server.nextConnection();
    const hello = await second.hello();
    assert.deepEqual(hello.resumeFrom, { epoch: 'e1', position: 4 });
    for (const p of [5, 6, 7, 8]) second.event('e1', p, numbered(p));
    await t.until('event 8', () => t.numbers().includes('s8'));
    assert.deepEqual(t.numbers(), ['s4', 's5', 's6', 's7', 's8']);
    assert.deepEqual(t.stream().map((e) => e.position), [3, 4, 5, 6, 7, 8]);
    assert.equal(t.state.status, 'connected');
    await t.transport.disconnect();
  });

  it('an event of another epoch without a snapshot: it reconnects without resumeFrom and takes the fresh snapshot', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const first = await server.nextConnection();
    await first.hello();
    first.event('e1', 3, emptySnapshot());
    await connected;
    first.event('e1', 4, numbered(4));
    first.event('e2', 5, numbered(5)); // the server lost its log
    const second = await server.nextConnection();
    const hello = await second.hello();
    assert.equal(hello.resumeFrom, undefined, 'a fresh start: no resume position');
    second.event('e2', 10, emptySnapshot());
    second.event('e2', 11, numbered(11));
    await t.until('event 11', () => t.numbers().includes('s11'));
    assert.deepEqual(t.stream().map((e) => `${e.epoch}:${e.position}`), ['e1:3', 'e1:4', 'e2:10', 'e2:11']);
    await t.transport.disconnect();
  });

  it('a snapshot in the middle of a stream starts it over from the snapshot\'s position', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't' });
    const conn = await server.nextConnection();
    await conn.hello();
    conn.event('e1', 3, emptySnapshot());
    await connected;
    conn.event('e1', 4, numbered(4));
    conn.event('e3', 20, emptySnapshot());
    conn.event('e3', 21, numbered(21));
    await t.until('event 21', () => t.numbers().includes('s21'));
    assert.deepEqual(t.stream().map((e) => `${e.epoch}:${e.position}`), ['e1:3', 'e1:4', 'e3:20', 'e3:21']);
    await t.transport.disconnect();
  });

  it('an explicit resumeFrom counts as delivered: older events are dropped, a gap after it resumes from it', async () => {
    const t = wsTransport(server.url);
    const connected = t.transport.connect({ userId: 'kate', token: 't', resumeFrom: { epoch: 'e1', position: 10 } });
    const first = await server.nextConnection();
    await first.hello();
    first.event('e1', 9, numbered(9));
    first.event('e1', 12, numbered(12));
    const second = await server.nextConnection();
    assert.deepEqual((await second.hello()).resumeFrom, { epoch: 'e1', position: 10 });
    second.event('e1', 11, numbered(11));
    await connected;
    await t.until('event 11', () => t.numbers().length === 1);
    assert.deepEqual(t.numbers(), ['s11']);
    await t.transport.disconnect();
  });
});
