// After `npm run build`: the package as hosts meet it.
// 1. A host's strict TypeScript (React 19 JSX included) over the built declarations:
//    test/consumer/ imports the package by its name, with `// @ts-expect-error` lines that
//    fail if the typings stop catching mistakes.
// 2. publint --strict: the package.json fields and files a registry and bundlers rely on.
// 3. @arethetypeswrong/cli: the types resolve for every entry the way the code does
//    (esm-only profile: the package is ES modules, which Node ≥ 20.19 can also require()).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './entries.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const checks = [
  ['strict TypeScript host (test/consumer)', bin('tsc'), ['-p', 'test/consumer/tsconfig.json']],
  ['strict TypeScript Preact host (test/consumer/preact)', bin('tsc'), ['-p', 'test/consumer/preact/tsconfig.json']],
  ['strict TypeScript React example (examples/react)', bin('tsc'), ['-p', 'examples/react/tsconfig.json']],
  ['strict TypeScript Angular example (examples/angular)', bin('tsc'), ['-p', 'examples/angular/tsconfig.json']],
  ['publint --strict', bin('publint'), ['--strict']],
  ['are the types wrong', bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
];
let failed = 0;
for (const [name, command, args] of checks) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status === 0) {
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.error(`FAIL ${name}\n${output}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
