import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v from 'valibot';
import type { EngineSnapshot } from '../src/engine/snapshot.js';
import type { EngineConfig } from '../src/engine/types.js';
import { COMMAND_RESULT_SCHEMA, SESSION_VIEW_SCHEMA, TRANSCRIPT_ENTRY_SCHEMA } from '../src/protocol/index.js';
import { INVITATION_KIND_SCHEMA, INVITATION_STATE_SCHEMA, TARGET_KIND_SCHEMA } from '../src/protocol/events.js';
import { PRESENCE_SCHEMA } from '../src/protocol/commands.js';
import type { Assert, Equals } from '../src/protocol/shared.js';
import { DATA_FILE_MODE, writeAllInBackground, type BackgroundFs } from './persistence.js';

/**
 * The snapshot file: the engine's whole state at the end of one journal segment, so start-up
 * loads it and replays only the segment after it (server/README.md, "Compaction").
 *
 *   { format, version: 1, epoch, ids, idCounter, at, segment, replaces?, config, directory, engine }
 *
 * `segment` is the journal segment that continues from this state; `replaces` the segment
 * (epoch and number) whose end it captured, which start-up skips if a crash left it behind.
 */
export const SNAPSHOT_FILE = 'snapshot.json';
export const SNAPSHOT_FORMAT = 'workspace-chat-snapshot';
export const SNAPSHOT_VERSION = 1;

const id = v.pipe(v.string(), v.minLength(1));
const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const role = v.picklist(['agent', 'contact']);
const userRef = v.object({ id, name: v.string(), role });
const partyState = v.picklist(['invited', 'connected', 'left', 'removed', 'rejected', 'timed-out']);
const wrapUp = v.object({ dispositionCode: v.optional(v.string()), note: v.optional(v.string()), done: v.boolean() });
const pair = <A extends v.GenericSchema, B extends v.GenericSchema>(a: A, b: B) => v.strictTuple([a, b]);

const PARTY = v.object({
  user: userRef,
  state: partyState,
  since: time,
  joined: v.boolean(),
  joinOrder: count,
  shown: v.optional(v.object({ state: partyState, since: time })),
});

const SESSION = v.object({
  id,
  order: count,
  kind: v.picklist(['interaction', 'consultation']),
  parentId: v.optional(id),
  origin: v.string(),
  subject: v.string(),
  caseData: v.record(v.string(), v.string()),
  state: v.picklist(['waiting', 'active', 'ended']),
  ownerId: v.optional(id),
  contactId: v.optional(id),
  contactDismissed: v.boolean(),
  parties: v.array(PARTY),
  transcript: v.array(TRANSCRIPT_ENTRY_SCHEMA),
  createdAt: time,
  endedAt: v.optional(time),
  wrapUps: v.array(pair(id, wrapUp)),
  frozen: v.array(pair(id, SESSION_VIEW_SCHEMA)),
});

const INVITATION = v.object({
  id,
  kind: INVITATION_KIND_SCHEMA,
  state: INVITATION_STATE_SCHEMA,
  sessionId: id,
  consultationId: v.optional(id),
  fromId: id,
  target: v.object({ id, kind: TARGET_KIND_SCHEMA, name: v.string() }),
  inviteeId: v.optional(id),
  createdAt: time,
  expiresAt: v.optional(time),
  routingDeadline: v.optional(time),
  reason: v.optional(v.string()),
  outcomes: v.array(pair(id, v.picklist(['rejected', 'timed-out']))),
});

export const ENGINE_SNAPSHOT_SCHEMA = v.object({
  version: v.literal(1),
  presence: v.array(pair(id, v.object({ chat: PRESENCE_SCHEMA, voice: PRESENCE_SCHEMA, email: PRESENCE_SCHEMA }))),
  sessions: v.array(SESSION),
  invitations: v.array(INVITATION),
  retired: v.array(INVITATION),
  pending: v.array(id),
  afterCallWork: v.array(pair(id, time)),
  joinCounter: count,
  sessionCounter: count,
  positions: v.array(pair(id, count)),
  commands: v.array(pair(id, v.array(v.strictTuple([v.string(), time, COMMAND_RESULT_SCHEMA])))),
});
export type _EngineSnapshotMatches = Assert<Equals<v.InferOutput<typeof ENGINE_SNAPSHOT_SCHEMA>, EngineSnapshot>>;

const SEGMENT = v.object({ epoch: id, segment: count });

const SNAPSHOT_FILE_SCHEMA = v.object({
  format: v.literal(SNAPSHOT_FORMAT),
  version: v.literal(SNAPSHOT_VERSION),
  epoch: id,
  ids: v.string(),
  idCounter: count,
  at: time,
  createdAt: time,
  segment: count,
  replaces: v.optional(SEGMENT),
  config: v.looseObject({}),
  directory: v.string(),
  engine: ENGINE_SNAPSHOT_SCHEMA,
});

export interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  epoch: string;
  /** Prefix of the ids the engine generates in this epoch, and how many it generated. */
  ids: string;
  idCounter: number;
  /** Engine time of the last input in the snapshot. */
  at: number;
  /** When the epoch began. */
  createdAt: number;
  segment: number;
  replaces?: { epoch: string; segment: number };
  config: EngineConfig;
  /** SHA-256 of the directory JSON it was taken with. */
  directory: string;
  engine: EngineSnapshot;
}

export type SnapshotRead = { ok: true; snapshot: SnapshotFile } | { ok: false; reason: string };

export function snapshotPath(dataDir: string): string {
  return join(dataDir, SNAPSHOT_FILE);
}

/** Reads and validates a snapshot file; never throws. */
export function readSnapshotFile(path: string): SnapshotRead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, reason: `cannot read the snapshot: ${(error as Error).message}` };
  }
  return parseSnapshot(value);
}

/** Validates a snapshot read from anywhere (a file, or a cluster's Redis); never throws. */
export function parseSnapshot(value: unknown): SnapshotRead {
  const format = (value as { format?: unknown; version?: unknown } | null) ?? {};
  if (format.format !== SNAPSHOT_FORMAT) return { ok: false, reason: 'the file is not a workspace-chat snapshot' };
  if (format.version !== SNAPSHOT_VERSION) {
    return { ok: false, reason: `snapshot version ${String(format.version)} is not ${SNAPSHOT_VERSION}, the one this server reads` };
  }
  const parsed = v.safeParse(SNAPSHOT_FILE_SCHEMA, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue) ?? '(top)';
    return { ok: false, reason: `the snapshot is invalid at ${where}: ${issue.message}` };
  }
  // The configuration is compared as a whole with the engine's by the caller.
  return { ok: true, snapshot: parsed.output as unknown as SnapshotFile };
}

/**
 * Writes the snapshot atomically: a temporary file (mode 0600) flushed to disk, renamed
 * over the old snapshot, and the directory flushed, so a crash leaves the old snapshot or
 * the new one, never half of one. Takes the file or its JSON text; answers its size in bytes.
 */
export function writeSnapshotFile(path: string, snapshot: SnapshotFile | string): number {
  const temporary = `${path}.tmp`;
  const bytes = Buffer.from(typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot), 'utf8');
  const fd = openSync(temporary, 'w', 0o600);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  syncDirectory(dirname(path));
  return bytes.length;
}

/**
 * The JSON text of a snapshot file whose engine state is already JSON text (the engine's
 * `exportStateJson`): the same text as `JSON.stringify` of the whole file, with `engine` last.
 */
export function snapshotFileText(file: Omit<SnapshotFile, 'engine'>, engineJson: string): string {
  return `${JSON.stringify(file).slice(0, -1)},"engine":${engineJson}}`;
}

/** Flushes a directory's entries (a rename or a new file) to disk. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or flush a directory; the rename itself still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Thrown inside a background write that was given up (a reload or a shutdown took over). */
export class SnapshotCancelled extends Error {
  constructor() {
    super('The snapshot was given up.');
  }
}

export interface SliceReport {
  /** Bytes written. */
  bytes: number;
  /** Slices the text was made in, and the longest and total time the event loop spent making them. */
  slices: number;
  longestMs: number;
  busyMs: number;
}

/**
 * How long one slice of serialising may hold the event loop, and how much text it may gather.
 * Joining and encoding a slice's text comes after the time check, so the text is kept small:
 * with 256 K characters a slice held the loop 6–14 ms at its longest, with 48 K 3–5 ms
 * (`bench/server/compaction.ts`), for more, smaller writes in the thread pool.
 */
const SLICE_MS = 1;
const SLICE_CHARS = 48 * 1024;

/**
 * Writes the snapshot file's text, made from `pieces` a slice at a time (about a millisecond
 * of work each), to `temporary` off the event loop: between slices the writes run in the
 * thread pool while the event loop serves sockets. The file is flushed to disk; renaming it
 * into place is the caller's (after checking the snapshot is still wanted). A failure, or
 * `cancelled()` turning true, removes the file and throws (`SnapshotCancelled` for the latter).
 */
export async function writeSnapshotInSlices(
  files: BackgroundFs,
  temporary: string,
  pieces: Iterator<string>,
  cancelled: () => boolean,
): Promise<SliceReport> {
  const report: SliceReport = { bytes: 0, slices: 0, longestMs: 0, busyMs: 0 };
  rmSync(temporary, { force: true });
  const fd = await files.open(temporary, 'wx', DATA_FILE_MODE);
  try {
    for (let done = false; !done; ) {
      if (cancelled()) throw new SnapshotCancelled();
      const started = performance.now();
      const slice: string[] = [];
      let chars = 0;
      while (chars < SLICE_CHARS && performance.now() - started < SLICE_MS) {
        const next = pieces.next();
        if (next.done) {
          done = true;
          break;
        }
        slice.push(next.value);
        chars += next.value.length;
      }
      const bytes = Buffer.from(slice.join(''), 'utf8');
      const ms = performance.now() - started;
      report.slices += 1;
      report.busyMs += ms;
      report.longestMs = Math.max(report.longestMs, ms);
      // The write runs in the thread pool; awaiting it hands the event loop back to sockets.
      await writeAllInBackground(files, fd, bytes);
      report.bytes += bytes.length;
      // A disk faster than the serialising would never let the loop turn between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (cancelled()) throw new SnapshotCancelled();
    await files.fsync(fd);
  } catch (error) {
    await files.close(fd).catch(() => {});
    rmSync(temporary, { force: true });
    throw error;
  }
  await files.close(fd);
  return report;
}

/** The snapshot file's text in pieces: its fields, then the engine state's pieces. */
export function* snapshotFilePieces(file: Omit<SnapshotFile, 'engine'>, engine: Iterable<string>): Generator<string, void, undefined> {
  yield `${JSON.stringify(file).slice(0, -1)},"engine":`;
  yield* engine;
  yield '}';
}
