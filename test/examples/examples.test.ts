// The quick starts as host apps: each example under examples/ is built by Vite the way its
// README section says (importing the built package by its name, so run after `npm run
// build`), served from 127.0.0.1, and opened in Chromium, where Kate's preview must appear
// and Accept must open the chat. No page error may occur.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { build } from 'vite';
import WebSocket from 'ws';
import { createChatServer, createToken, silentLogger } from '../../server/index.js';
import { createWebSocketTransport } from '../../src/transport/websocket/index.js';
import { SEED_CHAT } from '../../src/transport/memory/index.js';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error: a plain JavaScript module without type declarations
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = ['html', 'react', 'vue', 'angular'];
const STEP_MS = 15_000;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

describe('examples: the quick starts built by Vite and run in Chromium', () => {
  let browser: Browser;
  const out = mkdtempSync(join(tmpdir(), 'wc-examples-'));

  before(async () => {
    assert.ok(existsSync(join(root, 'dist', 'components', 'index.js')), 'no build in dist/: run `npm run build` first');
    browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS as string[] });
  });
  after(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  /** Builds an example with Vite and serves the result; `visit` runs with its URL in a fresh page. */
  async function withExample(name: string, visit: (page: Page, url: string, errors: string[]) => Promise<void>) {
    const dir = join(out, name);
    const config = join(root, 'examples', name, 'vite.config.ts');
    await build({ root: join(root, 'examples', name), configFile: existsSync(config) ? config : false, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
    const { server, url } = await serve(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    // The browser asks for /favicon.ico by itself; anything else missing is the app's fault.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
    });
    try {
      await visit(page, url, errors);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      server.close();
    }
  }

  /** Kate's preview shows the customer's chat, and Accept opens it in the interaction window. */
  async function acceptTheChat(page: Page) {
    const accept = page.getByRole('button', { name: 'Accept', exact: true });
    await accept.waitFor({ timeout: STEP_MS });
    await page.getByText(SEED_CHAT.subject).first().waitFor({ timeout: STEP_MS });
    await accept.click();
    await page.getByRole('button', { name: 'End', exact: true }).waitFor({ timeout: STEP_MS });
    await accept.waitFor({ state: 'detached', timeout: STEP_MS });
  }

  for (const name of EXAMPLES) {
    it(`${name}: on the memory transport, shows Kate's preview, and Accept opens the chat`, () =>
      withExample(name, async (page, url) => {
        await page.goto(url);
        await acceptTheChat(page);
      }));
  }

  it('html: on the reference server over WebSocket, the same', async () => {
    const secret = randomBytes(24).toString('base64url');
    const dataDir = mkdtempSync(join(tmpdir(), 'wc-examples-server-'));
    const chat = await createChatServer({ secret, host: '127.0.0.1', port: 0, dataDir, allowedOrigins: '*', logger: silentLogger });
    const token = (userId: string, role: 'agent' | 'contact') => createToken(secret, { userId, role, ttlSeconds: 600 });
    const avril = createWebSocketTransport({ url: chat.wsUrl, WebSocket: WebSocket as never });
    try {
      await withExample('html', async (page, url) => {
        await page.goto(`${url}#ws=${encodeURIComponent(chat.wsUrl)}&token=${encodeURIComponent(token('kate', 'agent'))}`);
        await page.getByText('No chat interaction').waitFor({ timeout: STEP_MS });
        // The customer, over the same server, starts the seed chat; the queue offers it to Kate.
        await avril.connect({ userId: SEED_CHAT.contactId, token: token(SEED_CHAT.contactId, 'contact') });
        const started = await avril.send({ type: 'start-chat', subject: SEED_CHAT.subject, caseData: { ...SEED_CHAT.caseData } });
        assert.equal(started.ok, true, JSON.stringify(started));
        await acceptTheChat(page);
      });
    } finally {
      await avril.disconnect();
      await chat.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
