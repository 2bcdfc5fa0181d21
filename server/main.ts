/**
 * Starts the reference chat server from environment variables (see server/README.md):
 *   PORT (8080), HOST (127.0.0.1), DATA_DIR (./.data), WORKSPACE_CHAT_SECRET (generated and
 *   kept in DATA_DIR when unset), ALLOWED_ORIGINS (comma list), DEMO_TOKENS (on unless "0"/"false"),
 *   FSYNC (on unless "0"/"false": flush the journal before answering), COMPACT_EVERY (journal
 *   entries between snapshots, 10,000), NEW_EPOCH ("1": new epoch, same state), STATIC_DIR
 *   (optional directory of pages to serve), DEMO_PAGES (optional folder of demo pages served
 *   through Vite, TypeScript and all: `npm start` sets it to demo/), INVITE_TIMEOUT_MS (how
 *   long an invitation rings, default 30000), REDIS_URL (cluster mode: several servers share
 *   one Redis; WORKSPACE_CHAT_SECRET is then required), REDIS_PREFIX (key prefix, default
 *   "wc:"), NODE_ID (this node's name in logs).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createChatServer } from './create-server.js';
import { jsonLogger } from './logger.js';
import { mountDemoPages, type DemoPages } from './pages.js';

const env = process.env;
const logger = jsonLogger();
const port = parsePort(env.PORT ?? '8080');
const host = env.HOST || '127.0.0.1';
const dataDir = resolve(env.DATA_DIR || '.data');
const off = (value: string | undefined) => ['0', 'false', 'no', 'off'].includes((value ?? '').toLowerCase());
const demoTokens = !off(env.DEMO_TOKENS);
// Durable unless told otherwise: an acknowledged command survives a power loss (server/README.md).
const fsync = !off(env.FSYNC);
const compactEvery = env.COMPACT_EVERY === undefined ? undefined : parseCount(env.COMPACT_EVERY, 'COMPACT_EVERY');

const redisUrl = env.REDIS_URL || undefined;
if (redisUrl && !env.WORKSPACE_CHAT_SECRET) {
  // Each node would generate its own, and a token signed by one would be refused by the next.
  console.error('REDIS_URL is set (cluster mode): set WORKSPACE_CHAT_SECRET too, the same on every node.');
  process.exit(1);
}
mkdirSync(dataDir, { recursive: true });
const secret = env.WORKSPACE_CHAT_SECRET || demoSecret(dataDir);
// Unset: the server's own origin (computed by the server once it knows its port).
const allowedOrigins = env.ALLOWED_ORIGINS
  ? env.ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean)
  : undefined;

let stopServer: (() => Promise<void>) | undefined;
const server = await createChatServer({
  secret,
  host,
  port,
  dataDir,
  fsync,
  newEpoch: ['1', 'true', 'yes', 'on'].includes((env.NEW_EPOCH ?? '').toLowerCase()),
  ...(compactEvery !== undefined ? { compactEvery } : {}),
  ...(allowedOrigins ? { allowedOrigins } : {}),
  demoTokens,
  logger,
  ...(env.STATIC_DIR ? { staticDir: resolve(env.STATIC_DIR) } : {}),
  ...(redisUrl
    ? {
        redis: {
          url: redisUrl,
          ...(env.REDIS_PREFIX ? { prefix: env.REDIS_PREFIX } : {}),
          ...(env.NODE_ID ? { nodeId: env.NODE_ID } : {}),
          ...(env.COMPACT_EVERY ? { compactEvery: Number(env.COMPACT_EVERY) } : {}),
          // Crash-only: a supervisor restarts the node from the snapshot; its users resume on the others meanwhile.
          onFatal: () => void (stopServer?.() ?? Promise.resolve()).finally(() => process.exit(1)),
        },
      }
    : {}),
  // The demo's invitation time-out (`npm start` checks the value first; see scripts/start.mjs).
  ...(env.INVITE_TIMEOUT_MS ? { config: { inviteTimeoutMs: Number(env.INVITE_TIMEOUT_MS) } } : {}),
});
stopServer = () => server.close();
let pages: DemoPages | undefined;
if (env.DEMO_PAGES) {
  try {
    pages = await mountDemoPages(server, { root: resolve(env.DEMO_PAGES) });
  } catch (error) {
    await server.close();
    throw error;
  }
}
console.log(`workspace-chat server: ${server.url} (WebSocket ${server.wsUrl})`);
if (pages) console.log(`workspace-chat demo: sign in at ${server.url}/, or all three side by side at ${server.url}/side-by-side.html`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger({ level: 'info', event: 'signal', signal });
    Promise.all([server.close(), pages?.close()]).then(
      () => process.exit(0),
      (error: Error) => {
        logger({ level: 'error', event: 'shutdown-failed', message: error.message });
        process.exit(1);
      },
    );
  });
}

/** A secret generated once and kept in the data directory, so demo tokens survive restarts. */
function demoSecret(dir: string): string {
  const file = join(dir, 'secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) {
      logger({ level: 'warn', event: 'secret-from-data-dir', file, note: 'WORKSPACE_CHAT_SECRET is not set; using the generated secret kept in the data directory' });
      return kept;
    }
  }
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  logger({ level: 'warn', event: 'secret-generated', file, note: 'WORKSPACE_CHAT_SECRET is not set; using a generated secret kept in the data directory (fine for the demo, set your own in production)' });
  return generated;
}

function parsePort(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`PORT must be a port number (0-65535), not "${text}".`);
    process.exit(1);
  }
  return value;
}

function parseCount(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number (0 or more), not "${text}".`);
    process.exit(1);
  }
  return value;
}
