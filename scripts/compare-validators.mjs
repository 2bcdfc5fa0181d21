// Why valibot: the same schemas (the send-message command and the entry-added event) built
// with valibot, zod and zod/mini, each bundled for production and measured. The README
// quotes this script's output. Each set is first checked to accept and refuse the same inputs,
// so the comparison is of equal work.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, kb } from './bundle-size.mjs';

const here = fileURLToPath(new URL('validators/', import.meta.url));
const LIBRARIES = [
  { name: 'valibot', file: 'valibot.mjs', pkg: 'valibot' },
  { name: 'zod (classic)', file: 'zod.mjs', pkg: 'zod' },
  { name: 'zod/mini', file: 'zod-mini.mjs', pkg: 'zod' },
];

const user = { id: 'kate', name: 'Kate Lewis', role: 'agent' };
const SAMPLES = [
  ['parseSendMessage', { type: 'send-message', sessionId: 's1', text: 'Hello' }, true],
  ['parseSendMessage', { type: 'send-message', sessionId: 's1', text: 'x'.repeat(4001) }, false],
  ['parseSendMessage', { type: 'send-message', sessionId: '', text: 'Hi' }, false],
  ['parseEntryAdded', { type: 'entry-added', sessionId: 's1', entry: { kind: 'message', seq: 1, id: 'e1', at: 0, visibility: 'all', from: user, text: 'Hi' } }, true],
  ['parseEntryAdded', { type: 'entry-added', sessionId: 's1', entry: { kind: 'notice', seq: 2, id: 'e2', at: 0, visibility: 'agents', notice: 'joined', subject: user, text: "New party 'Kate Lewis' has joined the session" } }, true],
  ['parseEntryAdded', { type: 'entry-added', sessionId: 's1', entry: { kind: 'message', seq: '1', id: 'e1', at: 0, visibility: 'all', from: user, text: 'Hi' } }, false],
];

const versions = {};
for (const pkg of new Set(LIBRARIES.map((l) => l.pkg))) {
  versions[pkg] = JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;
}

const rows = [];
for (const library of LIBRARIES) {
  const path = join(here, library.file);
  const parsers = await import(path);
  for (const [parser, input, valid] of SAMPLES) {
    if (parsers[parser](input).ok !== valid) throw new Error(`${library.name}: ${parser} ${valid ? 'refused' : 'accepted'} ${JSON.stringify(input).slice(0, 80)}`);
  }
  const { min, gzip } = await measure(`export { parseSendMessage, parseEntryAdded } from ${JSON.stringify(path)};`);
  rows.push({ library: `${library.name} ${versions[library.pkg]}`, min, gzip });
}

console.log('Send-message command + entry-added event schemas with safeParse, bundled for production (rollup + terser):');
for (const row of rows) console.log(`  ${row.library.padEnd(22)} min ${kb(row.min).padStart(9)}   min+gzip ${kb(row.gzip).padStart(8)} (${row.gzip} B)`);
