// Bundles modules the way a host app's production build would and measures the result:
// - measureHostBundle: esbuild --bundle --minify with code splitting, over the built package
//   by its own name (what `npm run size` reports);
// - measure: rollup + terser over sources (the validator comparison in compare-validators.mjs).
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { minify } from 'terser';
import { build } from 'esbuild';
import { minifyTemplates } from './minify-templates.mjs';
import { root } from './entries.mjs';

const VIRTUAL = '\0bundle-size-entry';

/**
 * Bundles a virtual entry whose source is `entrySource` (absolute import paths) and returns
 * the minified size and the gzipped size in bytes of what loads at once (every chunk but
 * those reached only by `import()`), and each chunk's sizes.
 */
export async function measure(entrySource, { typescriptOptions } = {}) {
  const warnings = [];
  const bundle = await rollup({
    input: VIRTUAL,
    onwarn: (warning) => warnings.push(warning),
    plugins: [
      { name: 'virtual-entry', resolveId: (id) => (id === VIRTUAL ? id : null), load: (id) => (id === VIRTUAL ? entrySource : null) },
      // "production" drops lit's dev mode (its warnings and checks), as a host's production build does.
      nodeResolve({ browser: true, exportConditions: ['es2015', 'browser', 'production'], preferBuiltins: false }),
      ...(typescriptOptions ? [typescript(typescriptOptions)] : []),
      // The package ships its templates minified (see the library build); measure the same.
      minifyTemplates(),
      terser({ module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
    ],
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: false });
  await bundle.close();
  const parts = {};
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    for (const [id, module] of Object.entries(chunk.modules)) {
      const key = partOf(id);
      parts[key] = (parts[key] ?? '') + (module.code ?? '') + '\n';
    }
  }
  // What a page loads at once: the entry and its static imports. Chunks only reached by
  // `import()` (a translation, say) load when asked for, and are reported apart.
  const byName = new Map(output.map((file) => [file.fileName, file]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of byName.get(name)?.imports ?? []) visit(imported);
  };
  for (const file of output) if (file.type === 'chunk' && file.isEntry) visit(file.fileName);
  let min = 0;
  let gzip = 0;
  const chunks = [];
  for (const chunk of output) {
    const code = chunk.type === 'chunk' ? chunk.code : chunk.source;
    const bytes = Buffer.byteLength(code);
    const zipped = gzipSync(code, { level: 9 }).length;
    const lazy = !initial.has(chunk.fileName);
    if (!lazy) {
      min += bytes;
      gzip += zipped;
    }
    chunks.push({ name: chunk.fileName, min: bytes, gzip: zipped, lazy });
  }
  const unexpected = warnings.filter((w) => w.code !== 'THIS_IS_UNDEFINED' && w.code !== 'CIRCULAR_DEPENDENCY');
  return { min, gzip, chunks, warnings: unexpected, breakdown: () => breakdown(parts) };
}

/** A package name, or the source folder, for a module id. */
function partOf(id) {
  const inPackage = id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1];
  const inSource = id.match(/\/(src\/.*)\/[^/]+$/);
  return inSource ? inSource[1] : id;
}

/**
 * Each part minified and gzipped on its own: a little more than its share of the whole
 * (gzip finds less to share), but it shows where the bytes are.
 */
async function breakdown(parts) {
  const rows = [];
  for (const [part, code] of Object.entries(parts)) {
    if (!code.trim()) continue;
    // `unused: false`: alone, a part's top-level code looks unused and would be dropped.
    const minified = (await minify(code, { module: true, ecma: 2020, compress: { passes: 2, unused: false } })).code ?? '';
    rows.push({ part, min: Buffer.byteLength(minified), gzip: gzipSync(minified, { level: 9 }).length });
  }
  return rows.sort((a, b) => b.gzip - a.gzip);
}

/**
 * Bundles a virtual entry whose source is `entrySource` (bare package specifiers resolve
 * from the repository, so `workspace-chat/...` is the built package by its own name) and
 * returns the minified and gzipped bytes of what loads at once (every chunk but those
 * reached only by `import()`), each chunk's sizes, and where the bytes come from.
 * `splitting: false` bundles as `esbuild --bundle --minify` does by default: one file.
 */
export async function measureHostBundle(entrySource, { splitting = true } = {}) {
  const result = await build({
    stdin: { contents: entrySource, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    // Without splitting (esbuild's default), every `import()` target is inlined in the one file.
    splitting,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // rxjs's ES2015 build and lit's production build, as a host's production build picks.
    conditions: ['es2015', 'production'],
    outdir: 'out',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/out/') + 1), file]));
  // What a page loads at once: the entry and its static imports.
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  // (Targets of `import()` are entry points too in esbuild's metafile; only the page's own counts.)
  for (const [name, output] of Object.entries(outputs)) if (output.entryPoint === '<stdin>') visit(name);

  let min = 0;
  let gzip = 0;
  const chunks = [];
  const parts = {};
  for (const [name, output] of Object.entries(outputs)) {
    if (name.endsWith('.map')) continue;
    const code = files.get(name)?.contents ?? new Uint8Array();
    const zipped = gzipSync(code, { level: 9 }).length;
    const lazy = !initial.has(name);
    if (!lazy) {
      min += code.length;
      gzip += zipped;
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const part = hostPartOf(input);
        parts[part] = (parts[part] ?? 0) + bytesInOutput;
      }
    }
    const imports = (output.imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => i.path.replace(/^out\//, ''));
    chunks.push({ name: name.replace(/^out\//, ''), min: code.length, gzip: zipped, lazy, imports });
  }
  const breakdown = Object.entries(parts)
    .map(([part, bytes]) => ({ part, min: bytes }))
    .sort((a, b) => b.min - a.min);
  return { min, gzip, chunks, warnings: result.warnings, breakdown: () => breakdown };
}

/** A package name, or the folder of the package's own built code, for a module path. */
function hostPartOf(path) {
  const inPackage = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1];
  const inBuild = path.match(/^(dist\/(?:[^/]+\/)?[^/]+)\//);
  if (inBuild) return inBuild[1];
  const inSource = path.match(/^(.*)\/[^/]+$/);
  return inSource ? inSource[1] : path;
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
