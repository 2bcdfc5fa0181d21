// `npm run size`: what a host's production bundler (esbuild --bundle --minify, then gzip)
// makes of the package's public entries, for the two pages hosts build, against budgets:
// - the agent desktop: the four agent elements and the provider, the store and the
//   WebSocket transport;
// - the contact's chat widget: `<contact-chat>`, the store and the WebSocket transport.
// lit, rxjs and @lit/* are included. Chunks reached only by `import()` (a translation, the
// virtualizer) load when asked for and are listed, not counted; a chunk nearly every user
// loads soon after (the contact widget's chat view; the agent's directory code, request
// preview, Team Communicator view and party menu popup) is counted in a later figure with a
// budget of its own, so moving code into it cannot hide growth. Each page is also bundled without code splitting (esbuild's
// default: every `import()` target inlined in one file), what a host that does not split
// gets, with a budget too.
// Each page is written as a host writes it: the element entries imported for their
// registration, and the two functions it calls to make a store on the WebSocket transport.
// The budget fails the check (no page may grow); the goal is where the pages should get to.
// `--breakdown` shows where the bytes of each page are. Builds the package first if needed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { measureHostBundle, kb } from './bundle-size.mjs';
import { root } from './entries.mjs';

const PAGES = [
  {
    name: 'agent desktop (components + store + WebSocket transport)',
    goal: 45 * 1024,
    budget: 43 * 1024,
    later: [
      // The directory's code (the store's client and the WebSocket transport's part): loaded by
      // every agent's first snapshot; the preview's view: fetched once the page is idle after
      // its first paint (or with the first request, if sooner).
      { name: 'once signed in (+ the directory chunks and the preview\'s view)', chunks: [/^directory-/, /^preview-view-/], budget: 48.3 * 1024 },
      // The Team Communicator's view: loaded when an agent first opens it (to consult,
      // conference or transfer), points at or focuses a button that opens it, or when a host
      // shows one; the party menu's popup: when a party menu is first opened, pointed at or focused.
      { name: 'and the Team Communicator opened (+ its view)', chunks: [/^directory-/, /^preview-view-/, /^team-communicator-view-/], budget: 57.5 * 1024 },
      { name: 'and a party menu (+ its popup): all an agent loads', chunks: [/^directory-/, /^preview-view-/, /^team-communicator-view-/, /^party-menu-view-/], budget: 59.5 * 1024 },
    ],
    // 65.2 KB until 2026-11-28: the transcript's one-layout first render (anchored-flow.ts,
    // issue 11) added about 40 B here; every split page stayed within its budget.
    unsplit: { budget: 65.3 * 1024 },
    source: `
      import 'workspace-chat/components/chat-interaction';
      import 'workspace-chat/components/team-communicator';
      import 'workspace-chat/components/conference-party-menu';
      import 'workspace-chat/components/interaction-preview';
      import 'workspace-chat/components/workspace-provider';
      export { createWorkspaceStore } from 'workspace-chat/store';
      export { createWebSocketTransport } from 'workspace-chat/transport/websocket';`,
  },
  {
    name: 'contact widget (contact-chat + store + WebSocket transport)',
    goal: 30 * 1024,
    budget: 29.9 * 1024,
    // The transcript and composer: loaded when the contact turns to the start form or a chat is shown.
    later: [{ name: 'once a chat is shown (+ the chat-view chunk)', chunks: [/^chat-view-/], budget: 37 * 1024 }],
    // 47.1 KB until 2026-11-28: the same transcript change added about 20 B here.
    unsplit: { budget: 47.2 * 1024 },
    source: `
      import 'workspace-chat/components/contact-chat';
      export { createWorkspaceStore } from 'workspace-chat/store';
      export { createWebSocketTransport } from 'workspace-chat/transport/websocket';`,
  },
];

if (!existsSync(join(root, 'dist', 'components', 'contact-chat', 'index.js'))) {
  console.log('No build in dist/; running npm run build first.');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

const showBreakdown = process.argv.includes('--breakdown');
let over = 0;
for (const page of PAGES) {
  const { min, gzip, chunks, warnings, breakdown } = await measureHostBundle(page.source);
  for (const warning of warnings) console.warn(`(esbuild) ${warning.text}`);
  const toGoal = gzip > page.goal ? `, ${kb(gzip - page.goal)} above the goal of ${kb(page.goal)}` : `, within the goal of ${kb(page.goal)}`;
  console.log(`${page.name}: min ${kb(min)}, min+gzip ${kb(gzip)} (${gzip} B); budget ${kb(page.budget)}${gzip > page.budget ? ' — OVER' : ''}${toGoal}.`);
  for (const chunk of chunks.filter((c) => c.lazy)) console.log(`  on demand: ${chunk.name}: min+gzip ${kb(chunk.gzip)}`);
  // Each later figure: the page, the chunks it names, and what they import that the page has not loaded yet.
  const byName = new Map(chunks.map((c) => [c.name, c]));
  for (const figure of page.later ?? []) {
    const later = new Set();
    const visit = (chunk) => {
      if (!chunk?.lazy || later.has(chunk)) return;
      later.add(chunk);
      for (const name of chunk.imports) visit(byName.get(name));
    };
    const missing = figure.chunks.filter((pattern) => !chunks.some((chunk) => pattern.test(chunk.name)));
    if (missing.length > 0) {
      console.error(`  ${figure.name}: no chunk matches ${missing.join(', ')}; the figure cannot be measured.`);
      over += 1;
      continue;
    }
    for (const chunk of chunks) if (figure.chunks.some((pattern) => pattern.test(chunk.name))) visit(chunk);
    const total = gzip + [...later].reduce((sum, c) => sum + c.gzip, 0);
    console.log(`  ${figure.name}: min+gzip ${kb(total)} (${total} B); budget ${kb(figure.budget)}${total > figure.budget ? ' — OVER' : ''}.`);
    if (total > figure.budget) over += 1;
  }
  if (page.unsplit) {
    const whole = await measureHostBundle(page.source, { splitting: false });
    console.log(`  without code splitting (import() targets inlined, one file): min ${kb(whole.min)}, min+gzip ${kb(whole.gzip)} (${whole.gzip} B); budget ${kb(page.unsplit.budget)}${whole.gzip > page.unsplit.budget ? ' — OVER' : ''}.`);
    if (whole.gzip > page.unsplit.budget) over += 1;
  }
  if (showBreakdown || gzip > page.budget) {
    console.log('  where the minified bytes loaded at once come from:');
    for (const row of breakdown()) console.log(`  ${kb(row.min).padStart(9)}  ${row.part}`);
  }
  if (gzip > page.budget) over += 1;
}
if (over > 0) {
  console.error(`${over} page(s) over budget.`);
  process.exit(1);
}
