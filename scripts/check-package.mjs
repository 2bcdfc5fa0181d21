// After `npm run build`: every `exports` target exists, and the entries that need no DOM
// load in Node through the package's own name, as a host's code would import them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './entries.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];
for (const [key, target] of Object.entries(pkg.exports)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (!existsSync(join(root, file))) problems.push(`${key}: ${file} is missing`);
  }
}
// The components define custom elements, which Node has not got.
const NODE_ENTRIES = ['.', './engine', './protocol', './store', './transport/memory', './conformance'];
for (const key of NODE_ENTRIES) {
  const specifier = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
  try {
    const module = await import(specifier);
    if (Object.keys(module).length === 0) problems.push(`${specifier} exports nothing`);
  } catch (error) {
    problems.push(`${specifier} does not load: ${error.message}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`package ok: ${Object.keys(pkg.exports).length} exports present; ${NODE_ENTRIES.length} entries load in Node.`);
