// `npm start`: the reference chat server (in-process engine, journal in DATA_DIR, default
// ./.data; demo sign-in on) with the demo pages mounted into it, on loopback at PORT
// (default 8080). Open the printed URL: `/` lists the seeded users to sign in as,
// `/?user=kate` opens Kate Lewis's desktop, `/side-by-side.html` runs all three in one page
// on the memory transport. Every variable of server/README.md applies, and
// INVITE_TIMEOUT_MS sets how long an invitation rings before it times out (default 30000),
// e.g. `INVITE_TIMEOUT_MS=5000 npm start` to try the time-out of lesson 1 quickly.
import { register } from 'tsx/esm/api';

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
register();
await import('../server/main.ts');
