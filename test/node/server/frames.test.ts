import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE } from '../../../server/close-codes.js';
import { createManualClock } from '../../../server/clock.js';
import { activeChat, Client, startServer, type TestServer } from './helpers.js';

describe('frame validation', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('answers malformed JSON, an unknown frame type and a binary frame with error frames, and stays usable', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    kate.send('{"type":"command",');
    kate.send({ type: 'subscribe', topic: 'everything' });
    kate.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await kate.sync();
    assert.deepEqual(
      kate.errors.map((e) => e.code),
      ['malformed-frame', 'malformed-frame', 'malformed-frame'],
    );
    assert.match(kate.errors[0]!.message, /not valid JSON/);
    assert.match(kate.errors[1]!.message, /must have type/);
    assert.match(kate.errors[2]!.message, /must be text/);
    assert.deepEqual(await kate.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
    await kate.close();
  });

  it('answers an invalid command as that command\'s result, and stays usable', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const unknown = await kate.command({ type: 'teleport' } as never, 'bad-1');
    assert.equal(!unknown.ok && unknown.error.code, 'invalid-command');
    const missing = await kate.command({ type: 'send-message', sessionId: 's1' } as never, 'bad-2');
    assert.equal(!missing.ok && missing.error.code, 'invalid-input');
    assert.equal(!missing.ok && missing.error.field, 'command.text');
    kate.send({ type: 'command', command: { type: 'leave', sessionId: 's1' } });
    await kate.sync();
    assert.equal(kate.errors.at(-1)?.code, 'malformed-frame', 'a command frame without an id is a malformed frame');
    assert.deepEqual(await kate.command({ type: 'set-presence', channel: 'email', state: 'not-ready' }), { ok: true });
    await kate.close();
  });

  it('refuses a second hello on a signed-in connection without closing it', async () => {
    const jim = await Client.signIn(t.server, 'jim');
    jim.send({ type: 'hello', token: t.server.issueToken('kate') });
    await jim.sync();
    assert.match(jim.errors.at(-1)?.message ?? '', /already signed in/);
    assert.equal(jim.events.filter((e) => e.event.type === 'snapshot').length, 1, 'no second stream');
    await jim.close();
  });

  it('refuses a frame over the size limit with an error frame and close code 1009; others are unaffected', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const jim = await Client.signIn(t.server, 'jim');
    kate.send({ type: 'command', id: 'big', command: { type: 'set-presence', channel: 'chat', state: 'ready' }, pad: 'x'.repeat(70_000) });
    const closed = await kate.closed;
    assert.equal(closed.code, CLOSE.tooLarge);
    assert.match(kate.errors.at(-1)?.message ?? '', /larger than the 65536-byte limit/);
    assert.ok(!kate.frames.some((f) => f.type === 'result'), 'the oversized command was not run');
    assert.deepEqual(await jim.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true });
    await jim.close();
  });

  it('cuts off a frame far over the limit at the WebSocket layer with 1009', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    kate.send('x'.repeat(300_000));
    assert.equal((await kate.closed).code, CLOSE.tooLarge);
  });
});

describe('rate limit', () => {
  it('answers a flood with rate-limited results saying when to retry; the connection and others carry on', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock, limits: { messagesPerWindow: 5, windowMs: 10_000, burst: 5 } });
    try {
      const kate = await Client.signIn(t.server, 'kate');
      const jim = await Client.signIn(t.server, 'jim');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => kate.command({ type: 'set-typing', sessionId: 'none', typing: true }, `flood-${i}`)),
      );
      const limited = results.filter((r) => !r.ok && r.error.code === 'rate-limited');
      assert.equal(limited.length, 3, 'the burst passes, the rest is limited');
      assert.equal(results.slice(0, 5).filter((r) => !r.ok && r.error.code === 'rate-limited').length, 0);
      const first = limited[0]!;
      assert.ok(!first.ok);
      assert.match(first.error.message, /at most 5 every 10 seconds\. Try again in 2 seconds\./);

      assert.deepEqual(await jim.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true }, 'others are unaffected');
      await kate.sync(); // pings are never limited
      assert.deepEqual(
        await kate.command({ type: 'set-presence', channel: 'email', state: 'ready' }),
        { ok: true },
        'typing signals have their own budget: a typing flood does not hold back commands',
      );
      const commands = await Promise.all(
        Array.from({ length: 6 }, (_, i) => kate.command({ type: 'set-presence', channel: 'email', state: i % 2 ? 'ready' : 'not-ready' }, `cmd-${i}`)),
      );
      assert.equal(commands.filter((r) => !r.ok && r.error.code === 'rate-limited').length, 2, 'commands are limited by their own budget (one used above)');
      clock.advance(2_000);
      assert.deepEqual(await kate.command({ type: 'set-presence', channel: 'email', state: 'ready' }), { ok: true }, 'usable again after waiting');
      await kate.close();
      await jim.close();
    } finally {
      await t.close();
    }
  });
});

describe('event frames', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('carry short and long texts, quotes, line breaks and characters beyond ASCII intact to every party', async () => {
    const avril = await Client.signIn(t.server, 'avril');
    const kate = await Client.signIn(t.server, 'kate');
    const sessionId = await activeChat(avril, kate);
    // Under 126 bytes, over (a 16-bit length), and multi-byte characters counted as bytes, not characters.
    const texts = ['Hi', 'Commande n° 000205 — « reçue » ? "oui"\nligne 2\ttab \\ fin', `${'🙂é'.repeat(1000)}!`, 'x'.repeat(3999)];
    for (const text of texts) await avril.ok({ type: 'send-message', sessionId, text });
    for (const client of [avril, kate]) {
      await client.sync();
      const shown = client.frames.flatMap((f) => (f.type === 'event' && f.event.type === 'entry-added' && f.event.entry.kind === 'message' ? [f.event.entry.text] : []));
      assert.deepEqual(shown, texts);
    }
    await avril.close();
    await kate.close();
  });
});
