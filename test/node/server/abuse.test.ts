import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { CLOSE } from '../../../server/close-codes.js';
import { createManualClock } from '../../../server/clock.js';
import { RateLimiter } from '../../../server/rate-limit.js';
import type { LogEntry } from '../../../server/logger.js';
import { Client, startServer } from './helpers.js';

/** The TCP socket under a `ws` client, to stop reading from it as a client that never reads would. */
const tcpOf = (client: Client) => (client.socket as unknown as { _socket: Socket })._socket;

/** Resolves once `match` holds for some log entry (checked as the event loop turns), or fails after `ms`. */
async function logged(logs: LogEntry[], match: (entry: LogEntry) => boolean, label: string, ms = 10_000): Promise<LogEntry> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = logs.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${label} logged within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function until(condition: () => boolean, label: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${label}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for a WebSocket upgrade to be answered: 101 when it opened, else the refusing HTTP status. */
function upgrade(url: string): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('a client that does not read its replies', () => {
  it('is closed once its unsent replies pass the buffer limit, pongs included; the server holds no more than that for it', async () => {
    const maxBufferedBytes = 256 * 1024;
    const t = await startServer({ limits: { maxBufferedBytes } });
    try {
      const mallory = await Client.signIn(t.server, 'kate');
      const jim = await Client.signIn(t.server, 'jim');
      tcpOf(mallory).pause(); // reads nothing from now on
      const ping = JSON.stringify({ type: 'ping', id: 'p'.repeat(256) });
      let sent = 0;
      // Up to 28 MB of pongs would be asked for (about 5 MB fill the kernel buffers); the server must give up long before.
      while (!t.logs.some((l) => l.event === 'slow-consumer') && sent < 100_000) {
        for (let i = 0; i < 500; i++) mallory.socket.send(ping);
        sent += 500;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const slow = await logged(t.logs, (l) => l.event === 'slow-consumer', 'slow-consumer');
      assert.equal(slow.user, 'kate');
      assert.ok((slow.buffered as number) <= maxBufferedBytes + 1024, `held ${String(slow.buffered)} bytes, at most the limit plus one pong`);
      // It does not read the close frame either, so it is cut off; the others carry on.
      await until(() => t.server.connections === 1, 'the slow socket is dropped');
      assert.deepEqual(await jim.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
      await jim.close();
      tcpOf(mallory).resume();
      await mallory.closed;
    } finally {
      await t.close();
    }
  });

  it('a slow reader that catches up hears 1013 and may resume', async () => {
    const t = await startServer({ limits: { maxBufferedBytes: 64 * 1024 } });
    try {
      // A bare socket: it reads the backlog as fast as `ws` can, well within the 2 s grace.
      const socket = new WebSocket(t.server.wsUrl);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      const first = new Promise<{ epoch: string; position: number }>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
      socket.send(JSON.stringify({ type: 'hello', token: t.server.issueToken('kate') }));
      const snapshot = await first;
      const tcp = (socket as unknown as { _socket: Socket })._socket;
      tcp.pause();
      const ping = JSON.stringify({ type: 'ping', id: 'p'.repeat(256) });
      while (!t.logs.some((l) => l.event === 'slow-consumer')) {
        for (let i = 0; i < 500; i++) socket.send(ping);
        await new Promise((resolve) => setImmediate(resolve));
      }
      tcp.resume();
      assert.equal(await closed, CLOSE.tryAgainLater);
      const again = await Client.signIn(t.server, 'kate', { epoch: snapshot.epoch, position: snapshot.position });
      const opened = t.logs.filter((l) => l.event === 'connection-opened' && l.user === 'kate').at(-1);
      assert.equal(opened?.resumed, true, 'it resumed where it was, no snapshot needed');
      assert.deepEqual(await again.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
      await again.close();
    } finally {
      await t.close();
    }
  });

  it('is dropped when it answers no WebSocket ping, however many frames it sends', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock, limits: { heartbeatMs: 30_000 } });
    try {
      const socket = new WebSocket(t.server.wsUrl, { autoPong: false });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      const pongs: string[] = [];
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string; id?: string };
        if (frame.type === 'pong') pongs.push(frame.id ?? '');
      });
      socket.send(JSON.stringify({ type: 'hello', token: t.server.issueToken('kate') }));
      const healthy = await Client.signIn(t.server, 'jim');
      for (let beat = 1; beat <= 2; beat++) {
        socket.send(JSON.stringify({ type: 'ping', id: `beat-${beat}` }));
        await until(() => pongs.includes(`beat-${beat}`), 'the pong');
        clock.advance(30_000);
        await healthy.sync(); // a ping round trip: the real client answered the server's ping meanwhile
      }
      assert.ok(await Promise.race([closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]), 'the silent socket was dropped');
      assert.ok(t.logs.some((l) => l.event === 'heartbeat-missed' && l.user === 'kate'));
      assert.ok(!t.logs.some((l) => l.event === 'heartbeat-missed' && l.user === 'jim'), 'a client answering pings stays');
      assert.equal(t.server.connections, 1);
      await healthy.close();
    } finally {
      await t.close();
    }
  });
});

describe('budgets per user and per address', () => {
  it('one user on many sockets gets no more than one user\'s budget', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock, limits: { messagesPerWindow: 6, windowMs: 10_000, burst: 6 } });
    try {
      const tabs = await Promise.all(Array.from({ length: 5 }, () => Client.signIn(t.server, 'kate')));
      const jim = await Client.signIn(t.server, 'jim');
      const results = (
        await Promise.all(
          tabs.map((tab) =>
            Promise.all(Array.from({ length: 4 }, (_, i) => tab.command({ type: 'set-presence', channel: 'email', state: i % 2 ? 'ready' : 'not-ready' }))),
          ),
        )
      ).flat();
      assert.equal(results.filter((r) => r.ok).length, 6, '20 commands over 5 sockets: only the user\'s 6 pass');
      assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'rate-limited'));
      assert.deepEqual(await jim.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true }, 'another user has a budget of their own');

      // A token comes back every 10 s / 6 ≈ 1.67 s; part of one lets nothing through.
      clock.advance(1_000);
      const early = await tabs[0]!.command({ type: 'set-presence', channel: 'email', state: 'ready' });
      assert.equal(!early.ok && early.error.code, 'rate-limited', 'a fraction of a token is not a token');
      assert.match(!early.ok ? early.error.message : '', /Try again in 1 second\./);
      clock.advance(700);
      assert.deepEqual(await tabs[1]!.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true }, 'a whole token is');
      await Promise.all([...tabs, jim].map((c) => c.close()));
    } finally {
      await t.close();
    }
  });

  it('the rate limiter needs a whole token for a frame', () => {
    const limiter = new RateLimiter(1, 1000, 1, 0);
    assert.equal(limiter.take(0), 0);
    assert.equal(limiter.take(500), 500, 'half a token: wait the other half');
    assert.ok(limiter.take(999) > 0, 'nor 0.999 of one');
    assert.equal(limiter.take(1000), 0);
  });

  it('caps the sockets of one user; the next is refused with 4429 and a sentence, the others carry on', async () => {
    const t = await startServer({ limits: { maxSocketsPerUser: 3 } });
    try {
      const tabs = await Promise.all(Array.from({ length: 3 }, () => Client.signIn(t.server, 'kate')));
      const fourth = await Client.open(t.server.wsUrl);
      fourth.send({ type: 'hello', token: t.server.issueToken('kate') });
      assert.equal((await fourth.closed).code, CLOSE.tooManyConnections);
      assert.equal(fourth.errors[0]?.code, 'rate-limited');
      assert.match(fourth.errors[0]?.message ?? '', /already have 3 connections open/);
      assert.ok(fourth.events.length === 0, 'no stream for the refused socket');
      assert.deepEqual(await tabs[0]!.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
      const jim = await Client.signIn(t.server, 'jim');
      await tabs[2]!.close();
      const again = await Client.signIn(t.server, 'kate'); // a freed place can be taken
      await Promise.all([tabs[0]!.close(), tabs[1]!.close(), again.close(), jim.close()]);
    } finally {
      await t.close();
    }
  });

  it('caps the sockets still waiting for hello from one address', async () => {
    const t = await startServer({ limits: { maxPendingHellosPerIp: 3 } });
    try {
      const waiting = await Promise.all(Array.from({ length: 3 }, () => upgrade(t.server.wsUrl)));
      assert.deepEqual(waiting.map((w) => w.status), [101, 101, 101]);
      assert.equal((await upgrade(t.server.wsUrl)).status, 429);
      assert.ok(t.logs.some((l) => l.event === 'connection-refused' && l.limit === 'pending-hellos-per-ip'));
      // One signs in: a place frees up.
      const first = waiting[0]!.socket!;
      first.send(JSON.stringify({ type: 'hello', token: t.server.issueToken('kate') }));
      await new Promise((resolve) => first.once('message', resolve));
      const next = await upgrade(t.server.wsUrl);
      assert.equal(next.status, 101);
      for (const w of [...waiting, next]) w.socket!.close();
    } finally {
      await t.close();
    }
  });

  it('limits the hellos of one address, so tokens cannot be tried at speed', async () => {
    const t = await startServer({ limits: { hellosPerWindow: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const client = await Client.open(t.server.wsUrl);
        client.send({ type: 'hello', token: 'forged.token' });
        codes.push((await client.closed).code);
      }
      assert.deepEqual(codes, [CLOSE.unauthorized, CLOSE.unauthorized, CLOSE.unauthorized, CLOSE.tooManyConnections]);
    } finally {
      await t.close();
    }
  });
});

describe('log flooding', () => {
  it('summarises repeated refusals per socket: a count per interval, not a line each', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock, limits: { refusalLogIntervalMs: 10_000 } });
    try {
      const kate = await Client.signIn(t.server, 'kate');
      const connection = t.logs.find((l) => l.event === 'connection-opened' && l.user === 'kate')!.connection;
      const lines = () => t.logs.filter((l) => l.connection === connection && l.event !== 'connection-opened' && l.event !== 'connection-closed');
      for (let i = 0; i < 1000; i++) kate.send('{"type":"command",');
      await kate.sync();
      assert.equal(kate.errors.length, 1000, 'each bad frame is still answered');
      assert.deepEqual(lines().map((l) => l.event), ['frame-refused'], 'one line so far');

      clock.advance(10_000);
      assert.deepEqual(lines().map((l) => l.event), ['frame-refused', 'refusals-summarised']);
      // Past the first 30, the bad frames were over the rate limit too: counted as such.
      assert.deepEqual(lines()[1]!.counts, { 'frame-refused': 29, 'rate-limited': 970 });

      for (let i = 0; i < 500; i++) kate.send({ type: 'subscribe' });
      await kate.sync();
      await kate.close();
      await until(() => lines().length === 3, 'the summary written on close');
      assert.deepEqual(lines()[2]!.counts, { 'frame-refused': 30, 'rate-limited': 470 }, 'the interval was still open: all counted');
      assert.equal(lines()[2]!.user, 'kate');
    } finally {
      await t.close();
    }
  });
});

describe('log flooding by connection attempts', () => {
  it('summarises refused upgrades and sign-ins server-wide: a flood of sockets makes a few lines', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock, limits: { hellosPerWindow: 2 } });
    try {
      const attempts = 40;
      for (let i = 0; i < attempts; i++) {
        const client = await Client.open(t.server.wsUrl);
        client.send({ type: 'hello', token: t.server.issueToken('kate') });
        if (i >= 2) assert.equal((await client.closed).code, CLOSE.tooManyConnections);
        else await client.close();
      }
      const refused = () => t.logs.filter((l) => l.event === 'connection-refused');
      assert.equal(refused().length, 1, 'the first refusal is logged as it happens');
      await t.server.close();
      const summary = t.logs.find((l) => l.event === 'refusals-summarised');
      assert.deepEqual(summary?.counts, { 'connection-refused': attempts - 3 });
    } finally {
      await t.close();
    }
  });
});
