import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The browser test that runs axe on every story imports the story modules by name (a
 * browser cannot list files). This keeps that list equal to the *.stories.ts files that
 * Storybook itself picks up (.storybook/main.ts: src/** and stories/**).
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const testFile = join(root, 'src', 'components', 'stories-a11y.test.ts');

function storyFilesUnder(dir: string): string[] {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.stories.ts') && !name.split(sep).includes('node_modules'))
    .map((name) => relative(root, join(absolute, name)).split(sep).join('/'));
}

function importedStoryFiles(): string[] {
  const source = readFileSync(testFile, 'utf8');
  const specifiers = [...source.matchAll(/^import\s+\*\s+as\s+\w+\s+from\s+'([^']+\.stories\.js)';$/gm)].map((m) => m[1]!);
  return specifiers.map((specifier) =>
    relative(root, resolve(dirname(testFile), specifier.replace(/\.js$/, '.ts')))
      .split(sep)
      .join('/'),
  );
}

test('the story a11y test imports exactly the story files Storybook finds', () => {
  const onDisk = [...storyFilesUnder('src'), ...storyFilesUnder('stories')].sort();
  const imported = importedStoryFiles().sort();
  assert.ok(onDisk.length > 0, 'no *.stories.ts files were found under src/ or stories/');
  const missing = onDisk.filter((file) => !imported.includes(file));
  const stale = imported.filter((file) => !onDisk.includes(file));
  assert.deepEqual(
    { missing, stale },
    { missing: [], stale: [] },
    `src/components/stories-a11y.test.ts must import every story module: add ${JSON.stringify(missing)}, remove ${JSON.stringify(stale)}.`,
  );
});

test('every imported story module is also passed to the test', () => {
  const source = readFileSync(testFile, 'utf8');
  const names = [...source.matchAll(/^import\s+\*\s+as\s+(\w+)\s+from\s+'[^']+\.stories\.js';$/gm)].map((m) => m[1]!);
  const list = /const MODULES: StoryModule\[\] = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const listed = list.split(',').map((s) => s.trim()).filter(Boolean);
  assert.deepEqual([...listed].sort(), [...names].sort());
});
