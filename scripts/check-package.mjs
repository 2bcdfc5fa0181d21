// After `npm run build`: `exports` is exactly the entries of scripts/entries.mjs, every
// target exists, every declaration file ships with its code (or is types only), and the
// entries that need no DOM load in Node through the package's own name, by `import` and,
// where Node can require ES modules (20.19+), by `require`, as a host's code would.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { root, ENTRIES, exportTarget } from './entries.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];

const expected = { ...Object.fromEntries(ENTRIES.map((entry) => [entry.exportKey, exportTarget(entry)])), './package.json': './package.json' };
if (JSON.stringify(pkg.exports) !== JSON.stringify(expected)) {
  problems.push(`package.json "exports" differs from scripts/entries.mjs; expected:\n${JSON.stringify(expected, null, 2)}`);
}
for (const [key, target] of Object.entries(pkg.exports)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (!existsSync(join(root, file))) problems.push(`${key}: ${file} is missing`);
  }
}

// A declaration file whose module has code must ship that code (no test helpers typed but absent).
const typesDir = join(root, 'dist', 'types');
for (const file of readdirSync(typesDir, { recursive: true }).map(String).filter((name) => name.endsWith('.d.ts'))) {
  const declarations = readFileSync(join(typesDir, file), 'utf8');
  const hasValues = /^export (declare )?(const|function|class|let|var|enum|\{ (?!type\b)|\* from)/m.test(declarations);
  const code = join(root, 'dist', file.replace(/\.d\.ts$/, '.js'));
  if (hasValues && !existsSync(code)) problems.push(`dist/types/${file} declares values but ${relative(root, code)} is not in the package`);
}

// The components define custom elements, which Node has not got.
const NODE_ENTRIES = ['.', './engine', './protocol', './store', './transport/memory', './conformance'];
const require = createRequire(join(root, 'package.json'));
const [major, minor] = process.versions.node.split('.').map(Number);
const canRequireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
for (const key of NODE_ENTRIES) {
  const specifier = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
  try {
    const module = await import(specifier);
    if (Object.keys(module).length === 0) problems.push(`${specifier} exports nothing`);
  } catch (error) {
    problems.push(`${specifier} does not load: ${error.message}`);
  }
  if (!canRequireEsm) continue;
  try {
    const module = require(specifier);
    if (Object.keys(module).length === 0) problems.push(`require('${specifier}') gives nothing`);
  } catch (error) {
    problems.push(`require('${specifier}') fails: ${error.message}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(
  `package ok: ${Object.keys(pkg.exports).length} exports present; ${NODE_ENTRIES.length} entries load in Node by import${canRequireEsm ? ' and require' : ` (require not tried: Node ${process.versions.node} cannot require ES modules)`}.`,
);
