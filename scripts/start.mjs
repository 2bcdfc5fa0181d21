// `npm start`: the reference chat server (in-process engine, demo sign-in on) with the demo
// pages mounted into it, on loopback at PORT (default 8080). Open the printed URL: `/`
// lists the seeded users to sign in as, `/?user=kate` opens Kate Lewis's desktop,
// `/side-by-side.html` runs all three in one page on the memory transport. Every variable
// of server/README.md applies, and INVITE_TIMEOUT_MS sets how long an invitation rings before
// it times out (default 30000), e.g. `INVITE_TIMEOUT_MS=5000 npm start` to try the time-out of
// lesson 1 quickly.
//
// The data directory (journal and generated secret) defaults to the user's cache folder,
// outside the checkout the pages are served from, so nothing in it can ever be served.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

/** `<cache>/workspace-chat/demo-<checkout hash>`: per user, per checkout, kept across runs. */
export function defaultDemoDataDir(env = process.env, platform = process.platform) {
  const checkout = fileURLToPath(new URL('..', import.meta.url));
  const home = homedir();
  const cache =
    platform === 'win32'
      ? env.LOCALAPPDATA || tmpdir()
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME || (home ? join(home, '.cache') : tmpdir());
  const id = createHash('sha256').update(checkout).digest('hex').slice(0, 12);
  return join(cache, 'workspace-chat', `demo-${id}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.env.INVITE_TIMEOUT_MS !== undefined) {
    const ms = Number(process.env.INVITE_TIMEOUT_MS);
    if (!Number.isInteger(ms) || ms < 1000 || ms > 3_600_000) {
      console.error(`INVITE_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 3600000, not "${process.env.INVITE_TIMEOUT_MS}".`);
      process.exit(1);
    }
    console.log(`workspace-chat demo: invitations time out after ${ms / 1000} s (INVITE_TIMEOUT_MS)`);
  }
  process.env.DEMO_PAGES ??= new URL('../demo/', import.meta.url).pathname;
  process.env.PORT ??= '8080';
  if (!process.env.DATA_DIR) {
    process.env.DATA_DIR = defaultDemoDataDir();
    // Private to this user: it holds the secret that signs the demo tokens.
    mkdirSync(process.env.DATA_DIR, { recursive: true, mode: 0o700 });
  }
  // The demo may trade durability for speed: no disk flush per command (server/README.md, Durability).
  process.env.FSYNC ??= '0';
  register();
  await import('../server/main.ts');
}
