// Library build: ESM, one module per source file (preserveModules) so that hosts tree-shake
// and `sideEffects` can name the component registrations. Declarations come from
// `tsc -p tsconfig.build.json` (see the "build" script).
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { existingEntries, EXTERNAL } from './scripts/entries.mjs';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const { present, missing } = existingEntries();
for (const entry of missing) console.warn(`(build) ${entry.exportKey}: ${entry.source} does not exist yet; left out of this build.`);

export default {
  input: present.map((entry) => entry.source),
  external: (id) => EXTERNAL.test(id),
  onwarn(warning, warn) {
    // `workspace-chat/jsx/preact` is types only: its module is empty on purpose.
    if (warning.code === 'EMPTY_BUNDLE' && warning.names?.includes('jsx/preact')) return;
    warn(warning);
  },
  plugins: [
    nodeResolve({ exportConditions: ['browser', 'production'] }),
    typescript({
      tsconfig: './tsconfig.build.json',
      compilerOptions: { declaration: false, emitDeclarationOnly: false, outDir: 'dist', rootDir: 'src', noEmitOnError: true },
    }),
    // Lit templates ship minified (HTML whitespace, CSS), as lit.dev advises for production.
    minifyTemplates(),
  ],
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: 'src',
    // tslib's decorator helper is bundled once; keep it out of a folder named node_modules.
    entryFileNames: (chunk) => `${chunk.name.replace(/^(.*\/)?node_modules\//, 'vendor/')}.js`,
    sourcemap: true,
  },
};
