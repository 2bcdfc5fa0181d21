import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { Message, ProgramMessage } from '@lit/localize-tools/lib/messages.js';
import type { RuntimeOutputConfig } from '@lit/localize-tools/lib/types/modes.js';
import type { Locale } from '@lit/localize-tools/lib/types/locale.js';

/*
 * A string added to a component without a French translation, or a translation added to
 * xliff/fr.xlf without `npx lit-localize build`, would ship English (or stale French) to
 * French users. This extracts the msg() calls the same way `lit-localize extract` does and
 * compares them with the interchange file and the generated module.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const configPath = join(root, 'lit-localize.json');
const TARGET = 'fr';
const targetLocale = TARGET as unknown as Locale;

/*
 * Words French writes like English in this product: product names, and strings that are
 * only placeholders and punctuation. Anything else with an English target was most likely
 * copied over instead of translated.
 */
const SAME_IN_FRENCH = new Set(['Message', 'Consultation', 'Agent', 'Team Communicator', '{0} / {1}', '{0} - {1}']);

let localizer: RuntimeLitLocalizer;
let sources: ProgramMessage[];
let french: Map<string, Message>;
let workDir: string;

/** The message as a translator reads it: text with {0}, {1}… for the str`` expressions. */
function readable(message: Message): string {
  return message.contents
    .map((part) => (typeof part === 'string' ? part : part.untranslatable.startsWith('${') ? `{${part.index}}` : part.untranslatable))
    .join('');
}

function describe(message: ProgramMessage): string {
  return `${message.name} "${readable(message)}" (${message.file.fileName.slice(root.length + 1)})`;
}

before(() => {
  const config = readConfigFileAndWriteSchema(configPath);
  if (config.output.mode !== 'runtime') throw new Error(`lit-localize.json: expected output.mode "runtime", found "${config.output.mode}"`);
  localizer = new RuntimeLitLocalizer(config as typeof config & { output: RuntimeOutputConfig });
  const extracted = localizer.extractSourceMessages();
  assert.deepEqual(
    extracted.errors.map((d) => (typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText)),
    [],
    'msg() calls lit-localize cannot extract',
  );
  sources = extracted.messages;
  const translations = localizer.readTranslationsSync().translations.get(targetLocale) ?? [];
  french = new Map(translations.map((m) => [m.name, m]));
  workDir = mkdtempSync(join(tmpdir(), 'wc-locales-'));
});

after(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the extraction covers the components and leaves out tests, stories and generated locales', () => {
  const files = new Set(sources.map((m) => m.file.fileName.slice(root.length + 1)));
  assert.ok(sources.length > 100, `only ${sources.length} messages extracted: is lit-localize.json's inputFiles right?`);
  for (const file of files) {
    assert.doesNotMatch(file, /\.(test|stories)\.ts$|\/locales\//, `${file} should not be a translation source`);
  }
  for (const seedLabel of ['Instant Chat Conference', 'Start Consultation', 'Instant Chat Transfer', 'Type name or number', 'Delete From Conference', 'Disposition Code']) {
    assert.ok(sources.some((m) => readable(m) === seedLabel), `"${seedLabel}" is not among the extracted messages`);
  }
});

test(`every message in the sources has a ${TARGET} translation in xliff/${TARGET}.xlf`, () => {
  const missing = sources.filter((m) => !french.has(m.name) || readable(french.get(m.name)!).trim() === '');
  assert.equal(
    missing.length,
    0,
    `${missing.length} message(s) without a ${TARGET} target; run \`npx lit-localize extract\`, translate them in xliff/${TARGET}.xlf, then \`npx lit-localize build\`:\n  ${missing.map(describe).join('\n  ')}`,
  );
});

test(`${TARGET} translations keep every placeholder of their source`, () => {
  const { errors } = localizer.validateTranslations();
  assert.deepEqual(errors, []);
});

test(`no ${TARGET} target is the English text copied over`, () => {
  const copied = sources.filter((m) => {
    const target = french.get(m.name);
    return target !== undefined && readable(target) === readable(m) && !SAME_IN_FRENCH.has(readable(m));
  });
  assert.deepEqual(copied.map(describe), [], 'targets identical to the English source');
});

test(`src/components/locales/${TARGET}.ts is what \`lit-localize build\` makes from xliff/${TARGET}.xlf`, async () => {
  const config = readConfigFileAndWriteSchema(configPath);
  const output = config.output as RuntimeOutputConfig;
  const fresh = new RuntimeLitLocalizer({
    ...config,
    output: { ...output, outputDir: workDir, localeCodesModule: join(workDir, 'locale-codes.ts') },
  });
  await fresh.build();
  const committedDir = config.resolve(output.outputDir);
  for (const file of [`${TARGET}.ts`, 'locale-codes.ts']) {
    const committed = readFileSync(join(committedDir, file), 'utf8');
    const built = readFileSync(join(workDir, file), 'utf8');
    assert.ok(committed === built, `src/components/locales/${file} is stale: run \`npx lit-localize build\` and commit the result`);
  }
});
