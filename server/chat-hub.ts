import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { uptime } from 'node:os';
import { createChatEngine } from '../src/engine/index.js';
import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, DirectoryEntry, EngineConfig, UserId } from '../src/engine/types.js';
import { createEngineHost, type HostPersistence, type HostSubscriber } from '../src/host/engine-host.js';
import type { StreamPosition } from '../src/transport/types.js';
import type { ServerClock } from './clock.js';
import type { EngineHub } from './hub.js';
import type { Logger } from './logger.js';
import { atTurnEnd } from './turn-end.js';
import { createCompactor, snapshotText, SNAPSHOT_TEMPORARY, type SegmentMark, type SnapshotHead } from './compaction.js';
import {
  ensureDir,
  followingSegments,
  Journal,
  journalPath,
  nodeBackgroundFs,
  nodeJournalFs,
  readJournal,
  setJournalAside,
  type BackgroundFs,
  type JournalEntry,
  type JournalFs,
  type JournalHeader,
  type JournalRead,
} from './persistence.js';
import {
  readSnapshotFile,
  snapshotPath,
  syncDirectory,
  writeSnapshotFile,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotFile,
} from './snapshot-file.js';

/** Receives one user's stream (an open connection). */
export type StreamSubscriber = HostSubscriber;

export interface ChatHubOptions {
  directory: DirectoryEntry[];
  config?: Partial<EngineConfig>;
  clock: ServerClock;
  logger: Logger;
  /** Where the journal and snapshot live; undefined keeps everything in memory (lost on restart). */
  dataDir?: string;
  /**
   * Durable: a command is answered (and its events sent) only once its journal entry is
   * flushed to disk. Commands that arrive together share one flush (group commit). Default
   * false: answered once written to the operating system (survives a crash of the process,
   * not a power loss); the commands of one turn share that one write.
   */
  fsync?: boolean;
  /** Events kept per user for resuming (default 10,000). */
  logLimit?: number;
  /** How long events are kept per user for resuming (default 15 minutes); older ones mean a snapshot. */
  logMaxAgeMs?: number;
  /** Journal entries after which a snapshot is written and a new segment started (default 10,000; 0: never). */
  compactEvery?: number;
  /**
   * A snapshot is written only once the journal segment holds at least this many times the
   * bytes of the last snapshot, besides `compactEvery` entries. Rewriting a large state for a
   * short journal made every entry pay for the whole state (at 1,000 open chats, a snapshot
   * every 10,000 entries cost more CPU than the entries, and its fsync stalled every socket);
   * with the journal at least as large as the snapshot, snapshots cost in proportion to the
   * traffic, and start-up replays at most about one snapshot's worth of journal. Default 1
   * when `compactEvery` is left to its default, 0 (entries alone decide) when it is set.
   */
  compactRatio?: number;
  /** Identifies this boot of the machine (default: the kernel's boot id). Tests inject one. */
  bootId?: string;
  /** File calls of the journal (tests inject failures). */
  fs?: JournalFs;
  /** File calls made off the event loop while a snapshot is written (tests inject failures). */
  backgroundFs?: BackgroundFs;
  /** Keep the state on disk but go on in a new epoch (after restoring a backup, whose positions clients may have seen past). */
  newEpoch?: boolean;
}

/**
 * The engine host (src/host/engine-host.ts: apply, per-user resumable logs, fan-out,
 * deadlines, resume-or-snapshot) on the file journal and snapshots of `dataDir`: write-ahead,
 * group-committed, replayed on start, compacted.
 */
export interface ChatHub extends EngineHub {
  /**
   * Journals the command, runs it as `actor`, and once it is recorded (flushed, when
   * durable) fans out what it produced and calls `reply`. Replies come in the order commands
   * came in. With a data directory they come at the end of the event-loop turn (or at
   * `flush()`), once the turn's journal entries are written in one write (and flushed, with
   * `fsync`); without one, before `execute` returns. Never throws.
   */
  execute(actor: UserId, command: Command, reply?: (result: CommandResult) => void): void;
  /** Flushes and answers the commands waiting for the disk now, instead of at the end of this turn. */
  flush(): void;
  /**
   * Subscribes `subscriber` to `userId`'s stream and hands it, synchronously, either the
   * events after `resumeFrom` (when that is this epoch and still in the log) or a snapshot.
   */
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): { resumed: boolean; detach(): void };
  /**
   * Starts a new journal segment now and writes a snapshot of the state at that point in
   * the background (it also happens every `compactEvery` entries); commands go on meanwhile.
   * Resolves once the snapshot is on disk, or was given up or failed (logged); never rejects.
   * While one is being written, another call answers the same promise.
   */
  compact(): Promise<void>;
  /** Resolves once the compaction under way, if any, is over (at once when none is). */
  whenCompacted(): Promise<void>;
  /**
   * Stops the deadline timer and flushes and closes the journal. A snapshot being written is
   * finished first, here and now (a shutdown may pause; the next start-up then need not).
   */
  close(): void;
}

const DEFAULT_LOG_LIMIT = 10_000;
const DEFAULT_LOG_MAX_AGE_MS = 15 * 60 * 1000;
const DEFAULT_COMPACT_EVERY = 10_000;
const DEFAULT_COMPACT_RATIO = 1;

export function createChatHub(options: ChatHubOptions): ChatHub {
  const { clock, logger } = options;
  const files = options.fs ?? nodeJournalFs;
  const background = options.backgroundFs ?? nodeBackgroundFs;
  const durable = options.fsync ?? false;
  const compactEvery = options.compactEvery ?? DEFAULT_COMPACT_EVERY;
  const compactRatio = options.compactRatio ?? (options.compactEvery === undefined ? DEFAULT_COMPACT_RATIO : 0);
  const bootId = options.bootId ?? currentBootId();
  const directoryHash = createHash('sha256').update(JSON.stringify(options.directory)).digest('hex');
  const dataDir = options.dataDir;
  const path = dataDir === undefined ? undefined : journalPath(dataDir);
  const snapPath = dataDir === undefined ? undefined : snapshotPath(dataDir);

  let idCounter = 0;
  let idPrefix = '';
  let epoch = '';
  let createdAt = clock.now();
  let segment = 0;
  let journal: Journal | undefined;
  /** Bytes of the snapshot the current segment continues (0: none), for `compactRatio`. */
  let snapshotBytes = 0;
  /**
   * Segments after journal.jsonl not yet in a snapshot (journal-<n>.jsonl, oldest first; the
   * last is the one appended to), and the bytes of those before the current one.
   */
  let following: { path: string; segment: number }[] = [];
  let olderBytes = 0;
  /** The snapshot was written but its new segment could not be started: nothing may be appended to the old one. */
  let segmentPending = false;
  /** Rebuilding after a failed flush failed too: every command is refused until a restart. */
  let broken = false;
  let closed = false;

  /** An engine on the directory (restored from `restore`), whose ids carry the epoch's prefix. */
  function engineFrom(restore?: SnapshotFile): (clock: () => number) => ChatEngine {
    return (engineClock) => {
      const engine = createChatEngine({
        clock: engineClock,
        ids: () => `${idPrefix}${(++idCounter).toString(36)}`,
        directory: options.directory,
        ...(options.config ? { config: options.config } : {}),
        ...(restore ? { restore: restore.engine } : {}),
      });
      idCounter = restore?.idCounter ?? 0;
      return engine;
    };
  }

  const persistence: HostPersistence = {
    record(input) {
      if (broken) throw new Error('The journal could not be reopened after a failed flush.');
      if (!journal) return;
      if (segmentPending) startSegment();
      journal.append(input);
    },
    // With a journal, answers and effects wait for the end of the turn, when the turn's
    // entries are written in one write (and flushed, with fsync on) before any goes out.
    get durable() {
      return journal !== undefined;
    },
    commit() {
      if (durable) journal?.sync();
      else journal?.write();
    },
  };

  const host = createEngineHost(engineFrom(), '', {
    timers: {
      now: () => clock.now(),
      at: (time, callback) => clock.setTimer(callback, time - clock.now()),
      // The turn's answers are released there, and their frames go out in the same pass.
      later: atTurnEnd,
    },
    persistence,
    // Events go out as text: each is encoded once, and the resume logs keep that text.
    encodedLogs: true,
    logLimit: options.logLimit ?? DEFAULT_LOG_LIMIT,
    logMaxAgeMs: options.logMaxAgeMs ?? DEFAULT_LOG_MAX_AGE_MS,
    onEngineError: (input, error) => logger({ level: 'error', event: 'engine-error', input: input.t, message: error.message }),
    onRecordFailed: (input, error) => logger({ level: 'error', event: 'journal-write-failed', input: input.t, message: error.message }),
    onCommitFailed: recoverFromFailedSync,
    afterFlush: () => {
      if (compactEvery > 0 && host.applied >= compactEvery && journal && !closed && !compactor?.underWay && olderBytes + journal.bytes >= snapshotBytes * compactRatio) {
        void compactor?.compact();
      }
    },
  });

  function newEpoch(): void {
    let random = randomBytes(6).toString('hex');
    // A carried-over state holds ids of the old prefix: the new one must differ.
    while (`${random.slice(0, 6)}-` === idPrefix) random = randomBytes(6).toString('hex');
    epoch = `${clock.now().toString(36)}-${random}`;
    idPrefix = `${random.slice(0, 6)}-`;
    idCounter = 0;
    createdAt = clock.now();
    segment = 0;
  }

  function header(): JournalHeader {
    return { t: 'header', version: 2, epoch, segment, ids: idPrefix, createdAt, config: host.engine.config, directory: directoryHash };
  }

  /** The snapshot file's fields (all but the engine state) for the state now. */
  function snapshotHead(replaces?: SegmentMark): SnapshotHead {
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      epoch,
      ids: idPrefix,
      idCounter,
      at: host.engineTime,
      createdAt,
      segment,
      ...(replaces ? { replaces } : {}),
      config: host.engine.config,
      directory: directoryHash,
    };
  }

  /** Starts journal segment `segment` at `path` (written aside, then renamed into place). */
  function startSegment(): void {
    const next = `${path!}.next`;
    if (existsSync(next)) renameSync(next, `${next}.${Date.now()}.abandoned`);
    const fresh = Journal.create(next, header(), files);
    try {
      fresh.append({ t: 'open', at: host.engineTime, boot: bootId, durable });
      fresh.sync();
      renameSync(next, path!);
      syncDirectory(dataDir!);
    } catch (error) {
      fresh.abandon();
      throw error;
    }
    journal?.abandon();
    journal = fresh;
    olderBytes = 0;
    segmentPending = false;
    host.resetCount();
    // Whatever segments followed are in the snapshot this one continues.
    removeFollowing();
  }

  /** Removes every following segment file (each is in the snapshot on disk). */
  function removeFollowing(): void {
    for (const f of followingSegments(dataDir!)) rmSync(f.path, { force: true });
    following = [];
  }

  /** Snapshot (written here and now), then a new segment, which continues from it. */
  function writeSnapshotAndSegment(replaces: SegmentMark | undefined): void {
    segment += 1;
    const capture = host.engine.captureState();
    try {
      snapshotBytes = writeSnapshotFile(snapPath!, snapshotText(snapshotHead(replaces), capture));
    } finally {
      capture.release();
    }
    segmentPending = true;
    startSegment();
  }

  // --- start: load the snapshot, replay the journal, or begin a new epoch ---------------
  /** A new epoch with an empty state; an unusable journal and snapshot are moved aside first. */
  function startFresh(problem?: string): void {
    journal?.abandon();
    journal = undefined;
    if (problem !== undefined) {
      const paths = [path, ...(dataDir !== undefined ? followingSegments(dataDir).map((f) => f.path) : []), snapPath];
      const moved = paths.map((p) => (p ? setJournalAside(p, 'unreadable', clock.now()) : undefined)).filter(Boolean);
      logger({ level: 'error', event: 'journal-unreadable', reason: problem, movedTo: moved[0], moved, action: 'new epoch; clients reload from a snapshot' });
    }
    idPrefix = '';
    snapshotBytes = 0;
    olderBytes = 0;
    following = [];
    newEpoch();
    host.reset(epoch, clock.now(), engineFrom());
    if (path) {
      journal = Journal.create(path, header(), files);
      journal.append({ t: 'open', at: host.engineTime, boot: bootId, durable });
      journal.sync();
    }
    logger({ level: 'info', event: 'epoch-started', epoch, persistent: path !== undefined });
  }

  /** Keeps the state loaded so far but moves it into a new epoch (positions clients saw may be gone). */
  function carryOver(reason: string): void {
    journal?.abandon();
    journal = undefined;
    const replaces = { epoch, segment };
    newEpoch();
    host.reset(epoch, Math.max(host.engineTime, clock.now()));
    writeSnapshotAndSegment(replaces);
    logger({ level: 'info', event: 'epoch-started', epoch, persistent: true, carriedOver: true, reason });
  }

  /** Whether the snapshot already holds all of a segment (an older one a crash left behind). */
  function inSnapshot(base: SnapshotFile, h: JournalHeader): boolean {
    if (h.epoch === base.epoch && h.segment < base.segment) return true;
    return base.replaces !== undefined && h.epoch === base.replaces.epoch && h.segment <= base.replaces.segment;
  }

  /** Moves the given segment files aside (never deletes them) after a problem. */
  function setAside(paths: string[], reason: string, kept?: number): void {
    const moved = paths.map((p) => setJournalAside(p, 'unreadable', clock.now())).filter(Boolean);
    logger({
      level: 'error',
      event: 'journal-unreadable',
      reason,
      movedTo: moved[0],
      moved,
      ...(kept !== undefined ? { kept } : {}),
      action: kept !== undefined ? 'the entries before it are kept; new epoch, clients reload from a snapshot' : 'the snapshot is kept; new epoch, clients reload from a snapshot',
    });
  }

  /**
   * `reloading`: after a failed write or flush, the disk may still be full; the `open` marker
   * then waits for the next write (before the entries that follow it), so a full disk only
   * refuses commands until it has room again instead of leaving the journal unusable.
   */
  function load(reloading = false): void {
    compactor?.giveUp();
    journal = undefined;
    snapshotBytes = 0;
    olderBytes = 0;
    following = [];
    const started = Date.now();
    if (dataDir !== undefined) removeLeftovers();
    let base: SnapshotFile | undefined;
    if (snapPath && existsSync(snapPath)) {
      const read = readSnapshotFile(snapPath);
      if (!read.ok) return startFresh(read.reason);
      if (read.snapshot.directory !== directoryHash) return startFresh('the directory changed since the snapshot was written');
      base = read.snapshot;
      snapshotBytes = statSync(snapPath).size;
      epoch = base.epoch;
      idPrefix = base.ids;
      createdAt = base.createdAt;
      segment = base.segment;
      try {
        host.reset(epoch, base.at, engineFrom(base));
      } catch (error) {
        return startFresh((error as Error).message);
      }
      if (JSON.stringify(base.config) !== JSON.stringify(host.engine.config)) {
        return startFresh('the engine configuration changed since the snapshot was written');
      }
    }
    // The segments on disk, in order: journal.jsonl, then those started while a snapshot was being written.
    const onDisk = [...(path && existsSync(path) ? [path] : []), ...(dataDir !== undefined ? followingSegments(dataDir).map((f) => f.path) : [])];
    const chain: { path: string; read: Extract<JournalRead, { ok: true }> }[] = [];
    const stale: string[] = [];
    let problem: { reason: string; from: number } | undefined;
    for (let i = 0; i < onDisk.length && !problem; i++) {
      const read = readJournal(onDisk[i]!);
      if (!read.ok) {
        problem = { reason: read.reason, from: i };
        break;
      }
      const h = read.header;
      // A crash came after a snapshot was written and before the segments it holds were removed.
      if (base && inSnapshot(base, h)) {
        stale.push(onDisk[i]!);
        continue;
      }
      const before = chain.at(-1)?.read.header;
      const continues = before
        ? h.epoch === before.epoch && h.segment === before.segment + 1
        : base
          ? h.epoch === base.epoch && h.segment === base.segment
          : h.segment === 0;
      if (!continues) {
        const reason = before || base ? 'the journal does not continue the snapshot (another epoch or segment)' : 'the journal continues a snapshot that is missing';
        problem = { reason, from: i };
        break;
      }
      if (h.directory !== directoryHash) return startFresh('the directory changed since the journal was written');
      chain.push({ path: onDisk[i]!, read });
    }
    const unusable = problem ? onDisk.slice(problem.from).filter((p) => !stale.includes(p)) : [];
    if (chain.length === 0) {
      if (problem) {
        if (!base) return startFresh(problem.reason);
        setAside(unusable, problem.reason);
        return carryOver(problem.reason);
      }
      if (!base) return startFresh();
      // The snapshot was written and its segment never started (or the crash left only older ones).
      if (path) startSegment();
      logger({ level: 'info', event: 'journal-replayed', epoch, segment, snapshot: true, entries: 0, tornTail: false, ms: Date.now() - started });
      return;
    }
    if (base && chain[0]!.path !== path) {
      // A crash came after the snapshot was renamed into place and before its segment was: finish that.
      renameSync(chain[0]!.path, path!);
      syncDirectory(dataDir!);
      chain[0]!.path = path!;
    }
    for (const p of stale) if (p !== path) rmSync(p, { force: true });
    const h = chain[0]!.read.header;
    if (!base) {
      epoch = h.epoch;
      idPrefix = h.ids;
      createdAt = h.createdAt;
      segment = 0;
      host.reset(epoch, h.createdAt, engineFrom());
      if (JSON.stringify(h.config) !== JSON.stringify(host.engine.config)) {
        return startFresh('the engine configuration changed since the journal was written');
      }
    }
    let lastOpen: Extract<JournalEntry, { t: 'open' }> | undefined;
    let closedCleanly = false;
    let replayed = 0;
    for (const [i, { read }] of chain.entries()) {
      segment = read.header.segment;
      for (const entry of read.entries) {
        if (entry.t === 'open') {
          lastOpen = entry;
          closedCleanly = false;
        } else if (entry.t === 'close') {
          closedCleanly = true;
        } else {
          host.replay(entry);
          replayed++;
        }
      }
      if (read.badLine) {
        setAside([...chain.slice(i).map((c) => c.path), ...unusable], read.badLine.reason, replayed);
        segment = chain.at(-1)!.read.header.segment;
        return carryOver(read.badLine.reason);
      }
    }
    if (problem) {
      setAside(unusable, problem.reason);
      return carryOver(problem.reason);
    }
    if (lastOpen && !lastOpen.durable && !closedCleanly && lastOpen.boot !== bootId) {
      // Written without fsync, not stopped cleanly, and the machine restarted since: the last
      // entries clients saw may be gone, and their positions must never be handed out again.
      const reason = 'the machine restarted after an unclean stop of a server that did not fsync';
      logger({ level: 'warn', event: 'journal-tail-uncertain', reason, action: 'new epoch; clients reload from a snapshot' });
      return carryOver(reason);
    }
    if (options.newEpoch) return carryOver('asked to start a new epoch');
    const last = chain.at(-1)!;
    // Appends go on in the last segment; the next compaction's snapshot covers the earlier ones.
    following = chain.filter((c) => c.path !== path).map((c) => ({ path: c.path, segment: c.read.header.segment }));
    olderBytes = chain.slice(0, -1).reduce((sum, c) => sum + c.read.validBytes, 0);
    journal = Journal.reopen(last.path, last.read.validBytes, files);
    journal.append({ t: 'open', at: host.engineTime, boot: bootId, durable });
    if (!reloading) journal.sync();
    logger({
      level: 'info',
      event: 'journal-replayed',
      epoch,
      segment,
      segments: chain.length,
      snapshot: base !== undefined,
      entries: replayed,
      tornTail: last.read.tornTail,
      ms: Date.now() - started,
    });
  }

  /** Files a snapshot or segment being written left when the process stopped (never needed). */
  function removeLeftovers(): void {
    for (const name of readdirSync(dataDir!)) {
      if (/^journal-\d+\.jsonl\.tmp$/.test(name) || name === `${SNAPSHOT_TEMPORARY}`) rmSync(join(dataDir!, name), { force: true });
    }
  }

  /** Appends go to `fresh` (the file `segmentFile`), the next segment, from now on; returns the journal it replaces. */
  function continueIn(fresh: Journal, segmentFile: string): Journal {
    const old = journal!;
    journal = fresh;
    olderBytes += old.bytes;
    segment += 1;
    following.push({ path: segmentFile, segment });
    host.resetCount();
    return old;
  }

  /** After the snapshot that `current` continues is on disk: the older segments go, `current` becomes journal.jsonl. */
  function retireOldSegments(current: string): void {
    renameSync(current, path!);
    for (const f of following) if (f.path !== current) rmSync(f.path, { force: true });
    following = [];
    olderBytes = 0;
  }

  // Compaction (compaction.ts) reaches the journal's segments through these alone.
  const compactor =
    dataDir === undefined
      ? undefined
      : createCompactor({
          dataDir,
          snapPath: snapPath!,
          files,
          background,
          logger,
          host,
          closed: () => closed,
          segmentPending: () => segmentPending,
          journal: () => journal,
          mark: () => ({ epoch, segment }),
          header,
          opening: () => ({ t: 'open', at: host.engineTime, boot: bootId, durable }),
          snapshotHead,
          snapshotBytes: () => snapshotBytes,
          snapshotWritten: (bytes) => (snapshotBytes = bytes),
          continueIn,
          retireOldSegments,
          writeSnapshotAndSegment,
        });

  if (dataDir !== undefined) ensureDir(dataDir);
  load();
  host.reschedule();

  /**
   * The disk refused to write or flush: what was appended since the last flush (the last
   * write, with fsync off) may or may not be on it. Cut the journal back to what is known to
   * be there and rebuild the engine from disk,
   * so the state is again exactly what a restart would find. Nobody heard of the lost
   * commands: the host refuses them ("send it again") and their events were never sent.
   */
  function recoverFromFailedSync(error: Error): void {
    if (durable) logger({ level: 'error', event: 'journal-sync-failed', message: error.message, action: 'rolled back to the last flushed entry; the commands waiting are refused' });
    else logger({ level: 'error', event: 'journal-write-failed', message: error.message, action: 'rolled back to the last written entry; the commands waiting are refused' });
    try {
      // Without fsync, what was written before stays: acknowledged commands are kept.
      if (durable) journal?.rollBackToSynced();
      else journal?.rollBackToWritten();
      journal?.abandon();
      load(true);
      host.reschedule();
    } catch (reloadError) {
      logger({ level: 'error', event: 'journal-reload-failed', message: (reloadError as Error).message });
      journal?.abandon();
      journal = undefined;
      broken = true;
    }
  }

  // Before the first connection: the first search must not stall every user for the build.
  host.prepareDirectory();

  return {
    get epoch() {
      return host.epoch;
    },
    get engine() {
      return host.engine;
    },
    execute: (actor, command, reply) => host.execute(actor, command, reply),
    afterPending: (callback) => host.afterPending(callback),
    flush: () => host.flush(),
    attach: (userId, subscriber, resumeFrom) => host.attach(userId, subscriber, resumeFrom),
    current: () => {},
    searchDirectory: (userId, query) => host.searchDirectory(userId, query),
    watcher: (userId, onChange) => host.watcher(userId, onChange),
    compact: () => compactor?.compact() ?? Promise.resolve(),
    whenCompacted: () => compactor?.whenCompacted() ?? Promise.resolve(),
    close() {
      if (closed) return;
      host.close();
      closed = true;
      compactor?.finishAtClose();
      if (!journal) return;
      try {
        journal.append({ t: 'close', at: Math.max(host.engineTime, clock.now()) });
      } catch (error) {
        logger({ level: 'error', event: 'journal-write-failed', input: 'close', message: (error as Error).message });
      }
      try {
        journal.close();
      } catch (error) {
        logger({ level: 'error', event: 'journal-sync-failed', message: (error as Error).message });
      }
    },
  };
}

/** The kernel's id for this boot: it changes when the machine restarts (and so when a power loss may have eaten unflushed writes). */
function currentBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Elsewhere: the boot time to the minute.
    return `boot-${Math.round((Date.now() - uptime() * 1000) / 60_000)}`;
  }
}
