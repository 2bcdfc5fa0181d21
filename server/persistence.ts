import * as fs from 'node:fs';
import { join } from 'node:path';
import type { Command, EngineConfig, UserId } from '../src/engine/types.js';

/**
 * The journal: an append-only JSON-lines file of the engine's INPUTS since the last
 * snapshot (one "segment"). The engine is deterministic (clock and ids injected), so
 * replaying the same inputs at the same recorded times through an engine restored from
 * the snapshot (or a fresh one, for segment 0) rebuilds the same state, ids and positions.
 *
 *   line 1   {"t":"header","version":2,"epoch":…,"segment":…,"ids":…,"createdAt":…,"config":{…},"directory":"<sha256>"}
 *   then     {"t":"cmd","at":…,"actor":…,"command":{…}}   every command handed to engine.execute
 *            {"t":"tick","at":…}                          every engine.tick() the deadline timer ran
 *            {"t":"open","at":…,"boot":…,"durable":…}     a server started writing (not an input)
 *            {"t":"close","at":…}                         it stopped cleanly (not an input)
 *
 * Every command that reaches the engine is journaled, refused ones too: a refused command
 * still runs due time-outs first and is remembered for idempotent re-sends, so leaving it
 * out would make replay drift. Frames refused before the engine (malformed, rate-limited,
 * unauthorized) are not journaled. A version 1 header (no segment) reads as segment 0.
 */
export interface JournalHeader {
  t: 'header';
  version: 2;
  epoch: string;
  /** 0 for a journal that starts from the directory; n for the one after snapshot n. */
  segment: number;
  /** Prefix of the ids the engine generates in this epoch. */
  ids: string;
  createdAt: number;
  config: EngineConfig;
  /** SHA-256 of the directory JSON: a journal only replays onto the directory it was written with. */
  directory: string;
}

export type JournalInput = { t: 'cmd'; at: number; actor: UserId; command: Command } | { t: 'tick'; at: number };
/** Markers of a server run: how the previous run wrote and whether it stopped cleanly. */
export type JournalMarker = { t: 'open'; at: number; boot: string; durable: boolean } | { t: 'close'; at: number };
export type JournalEntry = JournalInput | JournalMarker;

export type JournalRead =
  | {
      ok: true;
      header: JournalHeader;
      /** The entries before the first line that is not one. */
      entries: JournalEntry[];
      /** Bytes of the header and of those entries. */
      validBytes: number;
      /** The last line was cut short by a crash (never answered): dropped. */
      tornTail: boolean;
      /** A line inside the journal that is not an entry: the entries before it are kept, the rest is not. */
      badLine?: { line: number; reason: string };
    }
  | { ok: false; reason: string };

export const JOURNAL_FILE = 'journal.jsonl';

export function journalPath(dataDir: string): string {
  return join(dataDir, JOURNAL_FILE);
}

/**
 * Reads a journal. A last line without its newline that does not parse is a write torn by
 * a crash: it is dropped (that command was never answered). An unreadable line anywhere
 * else ends what can be replayed, but never costs the entries before it.
 */
export function readJournal(path: string): JournalRead {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read the journal: ${(error as Error).message}` };
  }
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  let header: JournalHeader | undefined;
  let validBytes = 0;
  let tornTail = false;
  let badLine: { line: number; reason: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const isLast = i === lines.length - 1;
    if (line === '') {
      if (!isLast) {
        badLine = { line: i + 1, reason: `line ${i + 1} is empty` };
        break;
      }
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (header === undefined) {
      const read = asHeader(value);
      if (!read) return { ok: false, reason: 'the header line is missing or invalid' };
      header = read;
    } else if (isEntry(value)) {
      entries.push(value);
    } else if (isLast) {
      tornTail = true;
      break;
    } else {
      badLine = { line: i + 1, reason: `line ${i + 1} is not a journal entry` };
      break;
    }
    validBytes += Buffer.byteLength(line, 'utf8') + (isLast ? 0 : 1);
  }
  if (!header) return { ok: false, reason: 'the journal is empty' };
  return { ok: true, header, entries, validBytes, tornTail, ...(badLine ? { badLine } : {}) };
}

/** The file calls the journal makes: a seam for tests that inject short writes and full disks. */
export interface JournalFs {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fchmodSync(fd: number, mode: number): void;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

export const nodeJournalFs: JournalFs = {
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  closeSync: (fd) => fs.closeSync(fd),
};

/** Journal and snapshot files are readable by the server's user only (they hold agents-only notes). */
export const DATA_FILE_MODE = 0o600;

/**
 * Appends entries. Appends are held in memory and written together by `write()` (one write
 * system call for every command of an event-loop turn), which the hub does before any effect
 * of those commands goes out: nothing reaches a client that the file does not hold.
 * `sync()` writes and then flushes everything to the disk (group commit, with fsync on).
 *
 * A failed or short write (a full disk, say) is cut back to the last whole entry before the
 * error is reported, and until that cut succeeds nothing else is written: the file always
 * ends with a whole entry, so a later append never lands on a fragment. The entries of a
 * failed write are dropped (the hub refuses their commands and reloads from the file).
 */
export class Journal {
  private closed = false;
  /** Bytes that hold whole entries. */
  private size: number;
  /** Bytes known to be on the disk. */
  private synced: number;
  /** A failed append may have left bytes past `size`; they are cut before the next write. */
  private damaged = false;
  /** Entries appended since the last `write()`, each a JSON line. */
  private pending: string[] = [];

  private constructor(
    private readonly fd: number,
    size: number,
    private readonly files: JournalFs,
  ) {
    this.size = size;
    this.synced = size;
  }

  /** Starts a new journal at `path` (which must not exist), flushed to disk with its header. */
  static create(path: string, header: JournalHeader, files: JournalFs = nodeJournalFs): Journal {
    // O_APPEND (as in reopen), so a write after a cut lands at the new end, not past a hole.
    const fd = files.openSync(path, 'ax', DATA_FILE_MODE);
    const journal = new Journal(fd, 0, files);
    try {
      journal.append(header);
      journal.sync();
    } catch (error) {
      journal.abandon();
      throw error;
    }
    return journal;
  }

  /** Reopens a journal read by `readJournal`, cutting off whatever follows its last whole entry. */
  static reopen(path: string, validBytes: number, files: JournalFs = nodeJournalFs): Journal {
    // O_APPEND: every write lands at the end of the file, which `ftruncate` moves back.
    const fd = files.openSync(path, 'a+');
    const journal = new Journal(fd, validBytes, files);
    try {
      files.fchmodSync(fd, DATA_FILE_MODE);
      files.ftruncateSync(fd, validBytes);
      // The last good line may lack its newline (the crash came right after it).
      const last = Buffer.alloc(1);
      if (validBytes > 0 && files.readSync(fd, last, 0, 1, validBytes - 1) === 1 && last[0] !== 0x0a) {
        journal.writeWhole('\n');
      }
      journal.sync();
    } catch (error) {
      journal.abandon();
      throw error;
    }
    return journal;
  }

  /** Bytes of whole entries written to the file (not those still held by `append`). */
  get bytes(): number {
    return this.size;
  }

  /** Holds one entry until the next `write()` or `sync()`. */
  append(entry: JournalHeader | JournalEntry): void {
    if (this.closed) throw new Error('The journal is closed.');
    this.pending.push(`${JSON.stringify(entry)}\n`);
  }

  /**
   * Writes every held entry in one write, whole, or throws having left the file as it was
   * before it (those entries are then dropped: their commands are refused).
   */
  write(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.writeWhole(text);
  }

  /** Writes the held entries and flushes everything written to the disk; throws if the disk refuses. */
  sync(): void {
    if (this.closed) throw new Error('The journal is closed.');
    this.write();
    if (this.synced === this.size && !this.damaged) return;
    this.files.fsyncSync(this.fd);
    this.synced = this.size;
  }

  /** Cuts the file back to what is known to be on disk (after a failed flush). */
  rollBackToSynced(): void {
    this.pending = [];
    this.size = this.synced;
    this.damaged = true;
    this.repair();
  }

  /**
   * Drops the held entries and makes sure the file ends at the last whole written entry
   * (after a failed write, without fsync: what was written before it stays).
   */
  rollBackToWritten(): void {
    this.pending = [];
    this.repair();
  }

  close(): void {
    if (this.closed) return;
    try {
      this.sync();
    } finally {
      this.abandon();
    }
  }

  /**
   * Flushes and closes the file off the event loop: a segment that is no longer appended to
   * (a newer one took over), whose unflushed tail must not cost every socket an fsync.
   */
  async closeInBackground(background: BackgroundFs): Promise<void> {
    if (this.closed) return;
    this.write();
    this.closed = true;
    try {
      if (this.synced < this.size) await background.fsync(this.fd);
      this.synced = this.size;
    } finally {
      await background.close(this.fd).catch(() => {});
    }
  }

  /** Closes the file without flushing (it is being given up after a failure). */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    try {
      this.files.closeSync(this.fd);
    } catch {
      // Nothing more can be done with a descriptor that will not close.
    }
  }

  private repair(): void {
    if (!this.damaged) return;
    this.files.ftruncateSync(this.fd, this.size);
    this.damaged = false;
  }

  private writeWhole(text: string): void {
    if (this.closed) throw new Error('The journal is closed.');
    this.repair();
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const written = this.files.writeSync(this.fd, bytes, offset, bytes.length - offset);
        if (written <= 0) throw Object.assign(new Error('No space left on device (the write made no progress).'), { code: 'ENOSPC' });
        offset += written;
      }
    } catch (error) {
      if (offset > 0) this.damaged = true;
      try {
        this.repair();
      } catch {
        // Cut on the next append instead; until then nothing is written after the fragment.
      }
      throw error;
    }
    this.size += bytes.length;
  }
}

/** Moves an unusable journal aside (never deletes it) and answers where it went. */
export function setJournalAside(path: string, why: string, now: number): string | undefined {
  if (!fs.existsSync(path)) return undefined;
  const aside = `${path}.${new Date(now).toISOString().replace(/[:.]/g, '-')}.${why}`;
  fs.renameSync(path, aside);
  return aside;
}

export function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
}

function asHeader(value: unknown): JournalHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Record<string, unknown>;
  const valid =
    h.t === 'header' &&
    (h.version === 1 || (h.version === 2 && typeof h.segment === 'number' && Number.isInteger(h.segment) && h.segment >= 0)) &&
    typeof h.epoch === 'string' &&
    h.epoch !== '' &&
    typeof h.ids === 'string' &&
    typeof h.createdAt === 'number' &&
    typeof h.config === 'object' &&
    h.config !== null &&
    typeof h.directory === 'string';
  if (!valid) return undefined;
  return { ...(h as unknown as JournalHeader), version: 2, segment: h.version === 1 ? 0 : (h.segment as number) };
}

/** An engine input (a command or a tick), as the journal and the cluster's Redis log hold them. */
export function isJournalInput(value: unknown): value is JournalInput {
  return isEntry(value) && (value.t === 'cmd' || value.t === 'tick');
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.at !== 'number' || !Number.isFinite(e.at)) return false;
  switch (e.t) {
    case 'tick':
    case 'close':
      return true;
    case 'cmd':
      return typeof e.actor === 'string' && typeof e.command === 'object' && e.command !== null;
    case 'open':
      return typeof e.boot === 'string' && typeof e.durable === 'boolean';
    default:
      return false;
  }
}

/**
 * Segments started while a snapshot is being written (server/README.md, "Compaction"):
 * `journal-<n>.jsonl`, segment n, continuing the segment before it. Once the snapshot that
 * segment n continues is on disk, `journal-<n>.jsonl` is renamed to `journal.jsonl`; until
 * then start-up replays `journal.jsonl` and each of these in order.
 */
const FOLLOWING = /^journal-(\d+)\.jsonl$/;

export function followingSegmentPath(dataDir: string, segment: number): string {
  return join(dataDir, `journal-${segment}.jsonl`);
}

/** The following segments in `dataDir`, by segment number. */
export function followingSegments(dataDir: string): { path: string; segment: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: FOLLOWING.exec(name) }))
    .filter((f) => f.match !== null)
    .map((f) => ({ path: join(dataDir, f.name), segment: Number(f.match![1]) }))
    .sort((a, b) => a.segment - b.segment);
}

/**
 * The file calls of work done off the event loop while a snapshot is written (the libuv
 * thread pool does them): a seam for tests that inject a full disk.
 */
export interface BackgroundFs {
  open(path: string, flags: string, mode?: number): Promise<number>;
  /** Answers how many bytes were written (maybe fewer than asked). */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  close(fd: number): Promise<void>;
}

export const nodeBackgroundFs: BackgroundFs = {
  open: (path, flags, mode) => new Promise((resolve, reject) => fs.open(path, flags, mode, (error, fd) => (error ? reject(error) : resolve(fd)))),
  write: (fd, buffer, offset, length) =>
    new Promise((resolve, reject) => fs.write(fd, buffer, offset, length, null, (error, written) => (error ? reject(error) : resolve(written)))),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve()))),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve()))),
};

/** Writes all of `bytes` at the end of `fd`, off the event loop. */
export async function writeAllInBackground(files: BackgroundFs, fd: number, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await files.write(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('No space left on device (the write made no progress).'), { code: 'ENOSPC' });
    offset += written;
  }
}

/**
 * Writes a new file (mode 0600) holding `text`, flushed to disk, off the event loop; a
 * failure removes what was written and throws. Answers its size in bytes.
 */
export async function writeFileInBackground(files: BackgroundFs, path: string, text: string): Promise<number> {
  const bytes = Buffer.from(text, 'utf8');
  const fd = await files.open(path, 'wx', DATA_FILE_MODE);
  try {
    await writeAllInBackground(files, fd, bytes);
    await files.fsync(fd);
  } catch (error) {
    await files.close(fd).catch(() => {});
    fs.rmSync(path, { force: true });
    throw error;
  }
  await files.close(fd);
  return bytes.length;
}

/** Flushes a directory's entries to disk off the event loop (quietly, where a directory cannot be flushed). */
export async function syncDirectoryInBackground(files: BackgroundFs, dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = await files.open(dir, 'r');
    await files.fsync(fd);
  } catch {
    // Some platforms cannot open or flush a directory; the rename itself still happened.
  } finally {
    if (fd !== undefined) await files.close(fd).catch(() => {});
  }
}
