import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, verifyToken } from '../../../server/auth.js';
import { createManualClock } from '../../../server/clock.js';
import { CLOSE } from '../../../server/close-codes.js';
import { Client, SECRET, startServer, type TestServer } from './helpers.js';

const NOW = Date.UTC(2025, 3, 7, 18, 29, 0);

describe('tokens', () => {
  it('verifies a token it signed, with its claims', () => {
    const token = createToken(SECRET, { userId: 'kate', role: 'agent', ttlSeconds: 60, now: NOW });
    assert.deepEqual(verifyToken(SECRET, token, NOW), { ok: true, claims: { sub: 'kate', role: 'agent', exp: NOW / 1000 + 60 } });
  });

  it('refuses forged, expired, malformed and missing tokens with a reason', () => {
    const token = createToken(SECRET, { userId: 'avril', role: 'contact', ttlSeconds: 60, now: NOW });
    const [payload, signature] = token.split('.') as [string, string];
    const elevated = Buffer.from(JSON.stringify({ sub: 'avril', role: 'agent', exp: NOW / 1000 + 60 })).toString('base64url');
    assert.deepEqual(verifyToken(SECRET, `${elevated}.${signature}`, NOW), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(verifyToken('another-secret-0123456789', token, NOW), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(verifyToken(SECRET, token, NOW + 60_000), { ok: false, reason: 'expired' });
    assert.deepEqual(verifyToken(SECRET, `${payload}.`, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(SECRET, 'not a token', NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(SECRET, 42, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(SECRET, undefined, NOW), { ok: false, reason: 'missing' });
    assert.deepEqual(verifyToken(SECRET, '', NOW), { ok: false, reason: 'missing' });
    // Correctly signed but not claims: still refused.
    const junk = Buffer.from('{"sub":1}').toString('base64url');
    const signedJunk = createToken(SECRET, { userId: 'x', role: 'agent', ttlSeconds: 1 }).split('.')[1];
    assert.equal(verifyToken(SECRET, `${junk}.${signedJunk}`, NOW).ok, false);
  });
});

describe('sign-in over WebSocket', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  async function refusedWith(hello: unknown, expectedCode = CLOSE.unauthorized) {
    const client = await Client.open(t.server.wsUrl);
    client.send(hello);
    const closed = await client.closed;
    assert.equal(closed.code, expectedCode);
    assert.equal(client.errors[0]?.code, 'unauthorized');
    assert.equal(client.events.length, 0, 'no event reaches a refused connection');
    return client.errors[0]!.message;
  }

  it('refuses a forged token (a contact claiming to be an agent)', async () => {
    const real = t.server.issueToken('avril');
    const [, signature] = real.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'kate', role: 'agent', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.${signature}`;
    assert.match(await refusedWith({ type: 'hello', token: forged }), /not valid/);
    const entry = t.logs.find((l) => l.event === 'auth-refused' && l.reason === 'bad-signature');
    assert.ok(entry, 'the refusal is logged with its reason');
    assert.ok(!JSON.stringify(t.logs).includes(forged), 'no token text in the logs');
  });

  it('refuses an expired token and says so', async () => {
    const expired = createToken(SECRET, { userId: 'kate', role: 'agent', ttlSeconds: 60, now: Date.now() - 120_000 });
    assert.match(await refusedWith({ type: 'hello', token: expired }), /expired/);
  });

  it('refuses a hello without a token', async () => {
    assert.match(await refusedWith({ type: 'hello' }), /no token/);
  });

  it('refuses a token whose role does not match the directory user', async () => {
    const mismatched = createToken(SECRET, { userId: 'avril', role: 'agent', ttlSeconds: 600 });
    await refusedWith({ type: 'hello', token: mismatched });
    assert.ok(t.logs.some((l) => l.event === 'auth-refused' && l.reason === 'role-mismatch'));
  });

  it('refuses a token for a user who is not in the directory', async () => {
    await refusedWith({ type: 'hello', token: createToken(SECRET, { userId: 'mallory', role: 'agent', ttlSeconds: 600 }) });
  });

  it('refuses a connection whose first frame is not hello', async () => {
    const message = await refusedWith({ type: 'command', id: 'f1', command: { type: 'set-presence', channel: 'chat', state: 'ready' } });
    assert.match(message, /first frame must be a hello/);
  });

  it('signs in with a valid token and streams a snapshot of that user', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const [first] = kate.events;
    assert.equal(first?.event.type, 'snapshot');
    assert.equal(first?.event.type === 'snapshot' && first.event.snapshot.user.name, 'Kate Lewis');
    assert.equal(first?.epoch, t.server.epoch);
    await kate.close();
  });
});

describe('sign-in time-out', () => {
  it('closes a connection that sends nothing within the hello time-out', async () => {
    const clock = createManualClock(Date.now());
    const t = await startServer({ clock });
    try {
      const silent = await Client.open(t.server.wsUrl);
      const late = await Client.open(t.server.wsUrl);
      clock.advance(9_999);
      late.send({ type: 'hello', token: t.server.issueToken('jim') });
      await late.sync();
      clock.advance(1);
      assert.equal((await silent.closed).code, CLOSE.helloTimeout);
      assert.match(silent.errors[0]?.message ?? '', /No hello frame arrived in time/);
      await late.sync();
      assert.equal(late.socket.readyState, late.socket.OPEN, 'a signed-in connection is not timed out');
      await late.close();
    } finally {
      await t.close();
    }
  });
});
