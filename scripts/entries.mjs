// The package's public parts: one rollup entry and one `exports` key each.
// Shared by the library build (rollup.config.mjs) and the package checks.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ENTRIES = [
  { exportKey: '.', source: 'src/index.ts' },
  { exportKey: './engine', source: 'src/engine/index.ts' },
  { exportKey: './protocol', source: 'src/protocol/index.ts' },
  { exportKey: './store', source: 'src/store/index.ts' },
  { exportKey: './transport/memory', source: 'src/transport/memory/index.ts' },
  { exportKey: './transport/websocket', source: 'src/transport/websocket/index.ts' },
  { exportKey: './conformance', source: 'src/conformance/index.ts' },
  { exportKey: './components', source: 'src/components/index.ts' },
  // Registers the elements under a host's prefix; registers nothing on import.
  { exportKey: './components/define', source: 'src/components/define.ts' },
  { exportKey: './react', source: 'src/react/index.ts' },
  { exportKey: './jsx/preact', source: 'src/jsx/preact.ts' },
  // One entry per element, so a page pays only for what it shows.
  ...[
    'chat-interaction',
    'team-communicator',
    'conference-party-menu',
    'interaction-preview',
    'contact-chat',
    'chat-transcript',
    'chat-composer',
    'workspace-provider',
  ].map((tag) => ({ exportKey: `./components/${tag}`, source: `src/components/${tag}/index.ts` })),
];

/** The reference server, for Node: built by scripts/build-server.mjs, not by rollup. */
export const SERVER_EXPORT = {
  './server': { types: './dist/types-server/server/index.d.ts', import: './dist/server/index.js', default: './dist/server/index.js' },
};

/** The `exports` value of an entry: declarations, and the ES module for `import` and (Node ≥ 20.19) `require`. */
export function exportTarget(entry) {
  const path = entry.source.replace(/^src\//, '').replace(/\.ts$/, '');
  return { types: `./dist/types/${path}.d.ts`, import: `./dist/${path}.js`, default: `./dist/${path}.js` };
}

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Runtime dependencies stay imports in the library build: the host's bundler dedupes them. */
export const EXTERNAL = /^(lit|lit-html|lit-element|@lit|@lit-labs|rxjs|valibot|react)(\/|$)/;

export function existingEntries() {
  const present = [];
  const missing = [];
  for (const entry of ENTRIES) (existsSync(new URL(`../${entry.source}`, import.meta.url)) ? present : missing).push(entry);
  return { present, missing };
}
