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
];

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Runtime dependencies stay imports in the library build: the host's bundler dedupes them. */
export const EXTERNAL = /^(lit|lit-html|lit-element|@lit|@lit-labs|rxjs|valibot)(\/|$)/;

export function existingEntries() {
  const present = [];
  const missing = [];
  for (const entry of ENTRIES) (existsSync(new URL(`../${entry.source}`, import.meta.url)) ? present : missing).push(entry);
  return { present, missing };
}
