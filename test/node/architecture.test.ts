// The dependency direction of DESIGN.md, checked on the sources: engine → protocol →
// transport → store → components, with the server beside them. A module that imports
// against the flow (the protocol from a transport, the store from Lit) fails here, naming
// the file and the import.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function imports(folder: string): Array<{ file: string; from: string }> {
  return readdirSync(join(src, folder), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.stories.ts'))
    .flatMap((name) => {
      const file = join(src, folder, name);
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({ file: relative(src, file), from: m[1]! }));
    });
}

/** The src/ folder an import lands in (relative imports only), or the package name. */
function target(file: string, from: string): string {
  if (!from.startsWith('.')) return from.startsWith('@') ? from.split('/').slice(0, 2).join('/') : from.split('/')[0]!;
  const resolved = relative(src, join(src, file, '..', from));
  return resolved.split('/')[0]!;
}

const rules: Array<{ folder: string; never: string[] }> = [
  { folder: 'engine', never: ['protocol', 'transport', 'store', 'components', 'host', 'rxjs', 'lit', 'valibot'] },
  { folder: 'protocol', never: ['transport', 'store', 'components', 'host', 'rxjs', 'lit'] },
  { folder: 'seed', never: ['protocol', 'transport', 'store', 'components', 'host', 'rxjs', 'lit'] },
  { folder: 'host', never: ['store', 'components', 'rxjs', 'lit'] },
  // The directory search runs in the server's host and in tests; it is pure data in, data out.
  { folder: 'directory', never: ['transport', 'store', 'components', 'host', 'rxjs', 'lit', 'valibot'] },
  { folder: 'store', never: ['components', 'lit', '@lit'] },
  // The backend searches: the components never load the directory index.
  { folder: 'components', never: ['directory', 'host'] },
];

for (const { folder, never } of rules) {
  test(`src/${folder} imports nothing from ${never.join(', ')}`, () => {
    const found = imports(folder);
    assert.ok(found.length > 0, `no imports read under src/${folder}`);
    const wrong = found.filter(({ file, from }) => never.includes(target(file, from))).map(({ file, from }) => `${file} imports ${from}`);
    assert.deepEqual(wrong, []);
  });
}
