import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { verifyToken } from '../../../server/auth.js';
import { CLOSE } from '../../../server/close-codes.js';
import { sendJson } from '../../../server/http.js';
import { Client, SECRET, startServer, type TestServer } from './helpers.js';

/** Opens a WebSocket and answers the HTTP status of a refused upgrade, or 101 when it opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('HTTP endpoints', () => {
  let t: TestServer;
  let pages: string;
  before(async () => {
    pages = mkdtempSync(join(tmpdir(), 'wc-pages-'));
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>Sign in</title>');
    t = await startServer({ demoTokens: true, staticDir: pages });
    t.server.addRoute('GET', '/api/hello', (_request, response) => sendJson(response, 200, { hello: 'world' }));
  });
  after(async () => {
    await t.close();
    rmSync(pages, { recursive: true, force: true });
  });

  it('GET /health reports status, epoch, connections and uptime', async () => {
    const kate = await Client.signIn(t.server, 'kate');
    const response = await fetch(`${t.server.url}/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.epoch, t.server.epoch);
    assert.equal(body.connections, 1);
    assert.equal(typeof body.uptimeSeconds, 'number');
    await kate.close();
  });

  it('issues demo tokens for directory users only, and lists them', async () => {
    const response = await fetch(`${t.server.url}/api/demo-token?user=avril`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { token: string; user: { id: string; name: string; role: string } };
    assert.deepEqual(body.user, { id: 'avril', name: 'Avril Mai', role: 'contact' });
    const check = verifyToken(SECRET, body.token, Date.now());
    assert.ok(check.ok && check.claims.sub === 'avril' && check.claims.role === 'contact');
    assert.equal((await fetch(`${t.server.url}/api/demo-token?user=mallory`)).status, 404);
    assert.equal((await fetch(`${t.server.url}/api/demo-token`)).status, 400);
    const users = (await (await fetch(`${t.server.url}/api/demo-users`)).json()) as { users: { id: string; role: string }[] };
    assert.ok(users.users.some((u) => u.id === 'kate' && u.role === 'agent'));
    assert.ok(users.users.every((u) => u.role === 'agent' || u.role === 'contact'), 'no queues or routing points');
  });

  it('serves added routes and static pages, and 404s the rest', async () => {
    assert.deepEqual(await (await fetch(`${t.server.url}/api/hello`)).json(), { hello: 'world' });
    const page = await fetch(`${t.server.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /Sign in/);
    assert.equal((await fetch(`${t.server.url}/nothing-here`)).status, 404);
    assert.equal((await fetch(`${t.server.url}/..%2f..%2fetc%2fpasswd`)).status, 404);
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${t.server.port}/not-the-socket`), 404);
  });

  it('refuses a WebSocket from a foreign Origin; its own origin and non-browser clients (no Origin) are let in', async () => {
    assert.equal(await upgradeStatus(t.server.wsUrl, 'https://evil.example'), 403);
    assert.ok(t.logs.some((l) => l.event === 'origin-refused' && l.origin === 'https://evil.example'));
    assert.equal(await upgradeStatus(t.server.wsUrl, t.server.url), 101);
    assert.equal(await upgradeStatus(t.server.wsUrl, `http://localhost:${t.server.port}`), 101);
    assert.equal(await upgradeStatus(t.server.wsUrl), 101);
  });

  it('compares origins exactly: one that merely starts like an allowed one is refused', async () => {
    for (const lookalike of [`${t.server.url}.evil.example`, `${t.server.url}0`, `${t.server.url}@evil.example`, `${t.server.url}/`]) {
      assert.equal(await upgradeStatus(t.server.wsUrl, lookalike), 403, lookalike);
    }
    assert.equal(await upgradeStatus(t.server.wsUrl, t.server.url.slice(0, -1)), 403, 'nor a prefix of one');
  });
});

describe('the static server (STATIC_DIR)', () => {
  let t: TestServer;
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'wc-static-'));
    const pages = join(root, 'pages');
    const outside = join(root, 'outside');
    mkdirSync(join(pages, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>Desk</title>');
    writeFileSync(join(pages, 'docs', 'guide.txt'), 'a guide');
    writeFileSync(join(outside, 'secret'), 'outside the static root');
    mkdirSync(join(pages, '.data'));
    writeFileSync(join(pages, '.data', 'journal.jsonl'), 'agents-only notes');
    symlinkSync(join(outside, 'secret'), join(pages, 'leak.txt'));
    symlinkSync(outside, join(pages, 'escape'));
    symlinkSync(join(pages, 'docs', 'guide.txt'), join(pages, 'guide.txt'));
    t = await startServer({ staticDir: pages });
  });
  after(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses symbolic links that lead out of the directory; one that stays inside is served', async () => {
    assert.equal((await fetch(`${t.server.url}/leak.txt`)).status, 404);
    assert.equal((await fetch(`${t.server.url}/escape/secret`)).status, 404);
    const inside = await fetch(`${t.server.url}/guide.txt`);
    assert.equal(inside.status, 200);
    assert.equal(await inside.text(), 'a guide');
  });

  it('serves no dot-file or dot-folder', async () => {
    assert.equal((await fetch(`${t.server.url}/.data/journal.jsonl`)).status, 404);
    assert.equal((await fetch(`${t.server.url}/%2edata/journal.jsonl`)).status, 404);
  });

  it('its HTML carries a Content-Security-Policy with frame-ancestors', async () => {
    const page = await fetch(`${t.server.url}/`);
    assert.equal(page.status, 200);
    const policy = page.headers.get('content-security-policy') ?? '';
    assert.match(policy, /frame-ancestors 'self'/);
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${t.server.port}`));
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  });
});

describe('configuration', () => {
  it('has no demo routes unless asked, and honours an explicit origin list', async () => {
    const t = await startServer({ allowedOrigins: ['https://desk.example'] });
    try {
      assert.equal((await fetch(`${t.server.url}/api/demo-token?user=kate`)).status, 404);
      assert.equal(await upgradeStatus(t.server.wsUrl, 'https://desk.example'), 101);
      assert.equal(await upgradeStatus(t.server.wsUrl, t.server.url), 403);
    } finally {
      await t.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('closes every connection with 1012, flushes the journal, logs it and stops listening', async () => {
    const t = await startServer();
    try {
      const kate = await Client.signIn(t.server, 'kate');
      const waiting = await Client.open(t.server.wsUrl);
      await t.server.close();
      assert.equal((await kate.closed).code, CLOSE.restart);
      assert.equal((await waiting.closed).code, CLOSE.restart);
      assert.ok(t.logs.some((l) => l.event === 'shutdown' && l.connectionsClosed === 2));
      assert.ok(t.logs.some((l) => l.event === 'connection-closed' && l.user === 'kate' && l.code === CLOSE.restart));
      await assert.rejects(fetch(`${t.server.url}/health`));
      await t.server.close(); // twice is fine
    } finally {
      await t.close();
    }
  });
});
