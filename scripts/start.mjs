// `npm start`: the reference chat server (in-process engine, journal in DATA_DIR, default
// ./.data; demo sign-in on) with the demo pages mounted into it, on loopback at PORT
// (default 8080). Open the printed URL: `/` lists the seeded users to sign in as,
// `/?user=kate` opens Kate Lewis's desktop, `/side-by-side.html` runs all three in one page
// on the memory transport. Every variable of server/README.md applies.
import { register } from 'tsx/esm/api';

process.env.DEMO_PAGES ??= new URL('../demo/', import.meta.url).pathname;
process.env.PORT ??= '8080';
// The demo may trade durability for speed: no disk flush per command (server/README.md, Durability).
process.env.FSYNC ??= '0';
register();
await import('../server/main.ts');
