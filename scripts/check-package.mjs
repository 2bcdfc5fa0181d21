// After `npm run build`: `exports` is exactly the entries of scripts/entries.mjs, every
// target exists, every declaration file ships with its code (or is types only), and the
// entries that need no DOM load in Node through the package's own name, by `import` and,
// where Node can require ES modules (20.19+), by `require`, as a host's code would.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { root, ENTRIES, SERVER_EXPORT, exportTarget } from './entries.mjs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];

const expected = { ...Object.fromEntries(ENTRIES.map((entry) => [entry.exportKey, exportTarget(entry)])), ...SERVER_EXPORT, './package.json': './package.json' };
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
// The custom-elements manifest covers exactly the tags the package registers, each described.
const manifestFile = pkg.customElements && join(root, pkg.customElements);
if (!manifestFile || !existsSync(manifestFile)) {
  problems.push(`package.json "customElements" (${pkg.customElements}) names no file`);
} else {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const declared = new Map(
    manifest.modules.flatMap((module) => (module.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName, d])),
  );
  const componentsDir = join(root, 'dist', 'components');
  const registered = new Set(
    readdirSync(componentsDir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.js'))
      .flatMap((name) => [...readFileSync(join(componentsDir, name), 'utf8').matchAll(/defineOnce\(\s*['"]([a-z0-9-]+)['"]/g)].map((m) => m[1])),
  );
  for (const tag of registered) {
    const declaration = declared.get(tag);
    if (!declaration) problems.push(`custom-elements.json has no <${tag}>`);
    else if (!declaration.description?.trim()) problems.push(`custom-elements.json: <${tag}> has no description`);
  }
  for (const tag of declared.keys()) if (!registered.has(tag)) problems.push(`custom-elements.json declares <${tag}>, which the package never registers`);
  if (registered.size < 8) problems.push(`only ${registered.size} registered tags found in dist/components: the check is looking in the wrong place`);
}

// The reference server as a vendor gets it: `workspace-chat/server` and the bin.
try {
  const { createChatServer, silentLogger } = await import(`${pkg.name}/server`);
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-package-'));
  try {
    const server = await createChatServer({ secret: 'package-check-secret-0123456789', host: '127.0.0.1', port: 0, dataDir, logger: silentLogger });
    const health = await fetch(`${server.url}/health`);
    if (!health.ok) problems.push(`workspace-chat/server: GET /health answered ${health.status}`);
    await server.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
} catch (error) {
  problems.push(`workspace-chat/server does not start a server: ${error.message}`);
}
const binProblem = await checkBin(join(root, pkg.bin['workspace-chat-server']));
if (binProblem) problems.push(`the workspace-chat-server command: ${binProblem}`);

/** Runs the bin on a free loopback port; undefined when it served /health and stopped on SIGTERM. */
async function checkBin(file) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-bin-'));
  const child = spawn(file, [], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_TOKENS: '0', WORKSPACE_CHAT_SECRET: 'package-check-secret-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "workspace-chat server:" line within 20 s; it printed: ${output.slice(-500)}`)), 20_000);
      const onData = (chunk) => {
        output += chunk;
        const match = output.match(/workspace-chat server: (http:\/\/\S+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', () => reject(new Error(`exited before serving; it printed: ${output.slice(-500)}`)));
    });
    const health = await fetch(`${url}/health`);
    if (!health.ok) return `GET /health answered ${health.status}`;
    child.kill('SIGTERM');
    const code = await exited;
    return code === 0 ? undefined : `it exited with ${code} on SIGTERM`;
  } catch (error) {
    child.kill('SIGKILL');
    return error.message;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(
  `package ok: ${Object.keys(pkg.exports).length} exports present; workspace-chat/server and the workspace-chat-server command serve; ${NODE_ENTRIES.length} entries load in Node by import${canRequireEsm ? ' and require' : ` (require not tried: Node ${process.versions.node} cannot require ES modules)`}.`,
);
