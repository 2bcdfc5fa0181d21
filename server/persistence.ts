import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, EngineConfig, UserId } from '../src/engine/types.js';

/**
 * The journal: an append-only JSON-lines file of the engine's INPUTS. The engine is
 * deterministic (clock and ids injected), so replaying the same inputs at the same recorded
 * times through a fresh engine rebuilds the same state, ids and stream positions.
 *
 *   line 1   {"t":"header","version":1,"epoch":…,"ids":…,"createdAt":…,"config":{…},"directory":"<sha256>"}
 *   then     {"t":"cmd","at":…,"actor":…,"command":{…}}   every command handed to engine.execute
 *            {"t":"tick","at":…}                          every engine.tick() the deadline timer ran
 *
 * Every command that reaches the engine is journaled, refused ones too: a refused command
 * still runs due time-outs first and is remembered for idempotent re-sends, so leaving it
 * out would make replay drift. Frames refused before the engine (malformed, rate-limited,
 * unauthorized) are not journaled.
 */
export interface JournalHeader {
  t: 'header';
  version: 1;
  epoch: string;
  /** Prefix of the ids the engine generates in this epoch. */
  ids: string;
  createdAt: number;
  config: EngineConfig;
  /** SHA-256 of the directory JSON: a journal only replays onto the directory it was written with. */
  directory: string;
}

export type JournalEntry = { t: 'cmd'; at: number; actor: UserId; command: Command } | { t: 'tick'; at: number };

export type JournalRead =
  | { ok: true; header: JournalHeader; entries: JournalEntry[]; validBytes: number; tornTail: boolean }
  | { ok: false; reason: string };

export const JOURNAL_FILE = 'journal.jsonl';

export function journalPath(dataDir: string): string {
  return join(dataDir, JOURNAL_FILE);
}

/**
 * Reads a journal. A last line without its newline that does not parse is a write torn by
 * a crash: it is dropped (that command was never answered). Any other unreadable line makes
 * the whole journal unreadable, since replaying around a hole would not reproduce the state.
 */
export function readJournal(path: string): JournalRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read the journal: ${(error as Error).message}` };
  }
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  let header: JournalHeader | undefined;
  let validBytes = 0;
  let tornTail = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const isLast = i === lines.length - 1;
    if (line === '') {
      if (!isLast) return { ok: false, reason: `line ${i + 1} is empty` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const ok = header === undefined ? isHeader(value) : isEntry(value);
    if (!ok) {
      if (isLast && header !== undefined) {
        tornTail = true;
        break;
      }
      return { ok: false, reason: header === undefined ? 'the header line is missing or invalid' : `line ${i + 1} is not a journal entry` };
    }
    if (header === undefined) header = value as JournalHeader;
    else entries.push(value as JournalEntry);
    validBytes += Buffer.byteLength(line, 'utf8') + (isLast ? 0 : 1);
  }
  if (!header) return { ok: false, reason: 'the journal is empty' };
  return { ok: true, header, entries, validBytes, tornTail };
}

/**
 * Appends entries. Each is one `writeSync` of a whole line, made before the command is
 * answered, so it survives a crash of the process. With `fsync` each write is also flushed
 * to the disk (survives a power loss, at the cost of a disk flush per command); without it
 * the operating system flushes in its own time, and `close()` always flushes.
 */
export class Journal {
  private closed = false;
  private constructor(
    private readonly fd: number,
    private readonly fsync: boolean,
  ) {}

  /** Starts a new journal at `path` (replacing nothing: the caller moved any old one aside). */
  static create(path: string, header: JournalHeader, fsync: boolean): Journal {
    const journal = new Journal(openSync(path, 'wx'), fsync);
    journal.writeLine(JSON.stringify(header));
    fsyncSync(journal.fd);
    return journal;
  }

  /** Reopens a journal read by `readJournal`, cutting off a torn last line first. */
  static reopen(path: string, validBytes: number, fsync: boolean): Journal {
    const cut = openSync(path, 'r+');
    let needsNewline = false;
    try {
      ftruncateSync(cut, validBytes);
      // The last good line may lack its newline (the crash came right after it).
      const last = Buffer.alloc(1);
      if (validBytes > 0 && readSync(cut, last, 0, 1, validBytes - 1) === 1) needsNewline = last[0] !== 0x0a;
    } finally {
      closeSync(cut);
    }
    // O_APPEND: every write lands at the end of the file.
    const journal = new Journal(openSync(path, 'a'), fsync);
    if (needsNewline) journal.write('\n');
    return journal;
  }

  append(entry: JournalEntry): void {
    this.writeLine(JSON.stringify(entry));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private writeLine(line: string): void {
    this.write(`${line}\n`);
    if (this.fsync) fsyncSync(this.fd);
  }

  private write(text: string): void {
    if (this.closed) throw new Error('The journal is closed.');
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }
}

/** Moves an unusable journal aside (never deletes it) and answers where it went. */
export function setJournalAside(path: string, why: string, now: number): string | undefined {
  if (!existsSync(path)) return undefined;
  const aside = `${path}.${new Date(now).toISOString().replace(/[:.]/g, '-')}.${why}`;
  renameSync(path, aside);
  return aside;
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

function isHeader(value: unknown): value is JournalHeader {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    h.t === 'header' &&
    h.version === 1 &&
    typeof h.epoch === 'string' &&
    h.epoch !== '' &&
    typeof h.ids === 'string' &&
    typeof h.createdAt === 'number' &&
    typeof h.config === 'object' &&
    h.config !== null &&
    typeof h.directory === 'string'
  );
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.at !== 'number' || !Number.isFinite(e.at)) return false;
  if (e.t === 'tick') return true;
  return e.t === 'cmd' && typeof e.actor === 'string' && typeof e.command === 'object' && e.command !== null;
}
