// The reference server in the package: `workspace-chat/server` (createChatServer and its
// helpers) and the `workspace-chat-server` command, bundled by esbuild for Node with our own
// engine and protocol code inside and the npm dependencies (ws) left as imports. Run by
// `npm run build` after the library build; declarations come from tsconfig.server.json.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from './entries.mjs';

const outdir = join(root, 'dist', 'server');
await build({
  entryPoints: { index: join(root, 'server', 'index.ts'), main: join(root, 'server', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
const main = join(outdir, 'main.js');
writeFileSync(main, `#!/usr/bin/env node\n${readFileSync(main, 'utf8')}`);
chmodSync(main, 0o755);
console.log('server built: dist/server/index.js (workspace-chat/server), dist/server/main.js (workspace-chat-server)');
