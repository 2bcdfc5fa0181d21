// `npm run size`: what the four agent components (with the parts they render: transcript,
// composer, consultation panel) and the store cost a host app that bundles them for
// production, with lit, rxjs and @lit/* included. Fails over the budget. The contact's
// widget is a separate page's bundle, so it is not counted with the agent desktop.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure, kb } from './bundle-size.mjs';
import { root } from './entries.mjs';

const BUDGET = 40 * 1024; // bytes, minified and gzipped
const ENTRIES = {
  chatInteraction: 'src/components/chat-interaction/index.ts',
  teamCommunicator: 'src/components/team-communicator/index.ts',
  conferencePartyMenu: 'src/components/conference-party-menu/index.ts',
  interactionPreview: 'src/components/interaction-preview/index.ts',
  store: 'src/store/index.ts',
};

const missing = Object.values(ENTRIES).filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(`Size check: ${missing.join(' and ')} missing; nothing to measure.`);
  process.exit(1);
}

// Namespaces keep every export of both entries, as a host importing them would.
const source = Object.entries(ENTRIES)
  .map(([name, file]) => `export * as ${name} from ${JSON.stringify(join(root, file))};`)
  .join('\n');

const { min, gzip, chunks, warnings, breakdown } = await measure(source, {
  typescriptOptions: {
    tsconfig: join(root, 'tsconfig.build.json'),
    // Type errors are the type check's business; this only needs the JavaScript.
    compilerOptions: { noCheck: true, noEmitOnError: false, declaration: false, emitDeclarationOnly: false, outDir: undefined, sourceMap: false },
  },
});
for (const warning of warnings) console.warn(`(rollup) ${warning.message}`);
for (const chunk of chunks) if (chunks.length > 1) console.log(`  ${chunk.name}: min ${kb(chunk.min)}, min+gzip ${kb(chunk.gzip)}${chunk.lazy ? ' (loaded on demand, not counted)' : ''}`);
console.log(`the four components + store with lit, rxjs, @lit/*, loaded at once: min ${kb(min)} (${min} B), min+gzip ${kb(gzip)} (${gzip} B); budget ${kb(BUDGET)} min+gzip.`);
if (gzip > BUDGET || process.argv.includes('--breakdown')) {
  console.log('Where the bytes are (each part minified and gzipped alone):');
  for (const row of await breakdown()) console.log(`  ${kb(row.gzip).padStart(8)}  ${row.part}`);
}
if (gzip > BUDGET) {
  console.error(`Over budget by ${kb(gzip - BUDGET)}.`);
  process.exit(1);
}
