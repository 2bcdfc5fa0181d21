import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { uptime } from 'node:os';
import { createChatEngine } from '../src/engine/index.js';
import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, DirectoryEntry, EngineConfig, UserId } from '../src/engine/types.js';
import { createEngineHost, type HostPersistence, type HostSubscriber } from '../src/host/engine-host.js';
import type { StreamPosition } from '../src/transport/types.js';
import type { ServerClock } from './clock.js';
import type { EngineHub } from './hub.js';
import type { Logger } from './logger.js';
import {
  ensureDir,
  Journal,
  journalPath,
  nodeJournalFs,
  readJournal,
  setJournalAside,
  type JournalEntry,
  type JournalFs,
  type JournalHeader,
} from './persistence.js';
import { readSnapshotFile, snapshotFileText, snapshotPath, syncDirectory, writeSnapshotFile, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotFile } from './snapshot-file.js';

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
   * not a power loss).
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
   * came in; with `fsync` off they come before `execute` returns. Never throws.
   */
  execute(actor: UserId, command: Command, reply?: (result: CommandResult) => void): void;
  /** Flushes and answers the commands waiting for the disk now, instead of at the end of this turn. */
  flush(): void;
  /**
   * Subscribes `subscriber` to `userId`'s stream and hands it, synchronously, either the
   * events after `resumeFrom` (when that is this epoch and still in the log) or a snapshot.
   */
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): { resumed: boolean; detach(): void };
  /** Writes a snapshot and starts a new journal segment now (it also happens every `compactEvery` entries). */
  compact(): void;
  /** Stops the deadline timer and flushes and closes the journal. */
  close(): void;
}

const DEFAULT_LOG_LIMIT = 10_000;
const DEFAULT_LOG_MAX_AGE_MS = 15 * 60 * 1000;
const DEFAULT_COMPACT_EVERY = 10_000;
const DEFAULT_COMPACT_RATIO = 1;

export function createChatHub(options: ChatHubOptions): ChatHub {
  const { clock, logger } = options;
  const files = options.fs ?? nodeJournalFs;
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
    get durable() {
      return durable && journal !== undefined;
    },
    commit() {
      journal?.sync();
    },
  };

  const host = createEngineHost(engineFrom(), '', {
    timers: {
      now: () => clock.now(),
      at: (time, callback) => clock.setTimer(callback, time - clock.now()),
      later: (callback) => setImmediate(callback),
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
      if (compactEvery > 0 && host.applied >= compactEvery && journal && !closed && journal.bytes >= snapshotBytes * compactRatio) compact();
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

  /** The snapshot file's JSON text (the engine's state is written as text, never copied). */
  function snapshotText(replaces?: { epoch: string; segment: number }): string {
    const file: Omit<SnapshotFile, 'engine'> = {
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
    return snapshotFileText(file, host.engine.exportStateJson());
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
    segmentPending = false;
    host.resetCount();
  }

  /** Snapshot, then a new segment, which continues from it. */
  function writeSnapshotAndSegment(replaces: { epoch: string; segment: number } | undefined): void {
    segment += 1;
    snapshotBytes = writeSnapshotFile(snapPath!, snapshotText(replaces));
    segmentPending = true;
    startSegment();
  }

  // --- start: load the snapshot, replay the journal, or begin a new epoch ---------------
  /** A new epoch with an empty state; an unusable journal and snapshot are moved aside first. */
  function startFresh(problem?: string): void {
    journal?.abandon();
    journal = undefined;
    if (problem !== undefined) {
      const moved = [path, snapPath].map((p) => (p ? setJournalAside(p, 'unreadable', clock.now()) : undefined)).filter(Boolean);
      logger({ level: 'error', event: 'journal-unreadable', reason: problem, movedTo: moved[0], moved, action: 'new epoch; clients reload from a snapshot' });
    }
    idPrefix = '';
    snapshotBytes = 0;
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

  function load(): void {
    journal = undefined;
    snapshotBytes = 0;
    const started = Date.now();
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
    const read = path && existsSync(path) ? readJournal(path) : undefined;
    if (!read) {
      if (!base) return startFresh();
      // The snapshot was written and its segment never started.
      if (path) startSegment();
      logger({ level: 'info', event: 'journal-replayed', epoch, segment, snapshot: true, entries: 0, tornTail: false, ms: Date.now() - started });
      return;
    }
    if (!read.ok) {
      if (!base) return startFresh(read.reason);
      const movedTo = setJournalAside(path!, 'unreadable', clock.now());
      logger({ level: 'error', event: 'journal-unreadable', reason: read.reason, movedTo, action: 'the snapshot is kept; new epoch, clients reload from a snapshot' });
      return carryOver(read.reason);
    }
    const h = read.header;
    if (base?.replaces && h.epoch === base.replaces.epoch && h.segment === base.replaces.segment) {
      // A crash came between writing the snapshot and starting its segment: the snapshot holds all of this one.
      startSegment();
      logger({ level: 'info', event: 'journal-replayed', epoch, segment, snapshot: true, entries: 0, tornTail: false, ms: Date.now() - started });
      return;
    }
    if (base ? h.epoch !== base.epoch || h.segment !== base.segment : h.segment !== 0) {
      const reason = base ? 'the journal does not continue the snapshot (another epoch or segment)' : 'the journal continues a snapshot that is missing';
      if (!base) return startFresh(reason);
      const movedTo = setJournalAside(path!, 'unreadable', clock.now());
      logger({ level: 'error', event: 'journal-unreadable', reason, movedTo, action: 'the snapshot is kept; new epoch, clients reload from a snapshot' });
      return carryOver(reason);
    }
    if (h.directory !== directoryHash) return startFresh('the directory changed since the journal was written');
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
      const movedTo = setJournalAside(path!, 'unreadable', clock.now());
      logger({
        level: 'error',
        event: 'journal-unreadable',
        reason: read.badLine.reason,
        movedTo,
        kept: replayed,
        action: 'the entries before it are kept; new epoch, clients reload from a snapshot',
      });
      return carryOver(read.badLine.reason);
    }
    if (lastOpen && !lastOpen.durable && !closedCleanly && lastOpen.boot !== bootId) {
      // Written without fsync, not stopped cleanly, and the machine restarted since: the last
      // entries clients saw may be gone, and their positions must never be handed out again.
      const reason = 'the machine restarted after an unclean stop of a server that did not fsync';
      logger({ level: 'warn', event: 'journal-tail-uncertain', reason, action: 'new epoch; clients reload from a snapshot' });
      return carryOver(reason);
    }
    if (options.newEpoch) return carryOver('asked to start a new epoch');
    journal = Journal.reopen(path!, read.validBytes, files);
    journal.append({ t: 'open', at: host.engineTime, boot: bootId, durable });
    journal.sync();
    logger({
      level: 'info',
      event: 'journal-replayed',
      epoch,
      segment,
      snapshot: base !== undefined,
      entries: replayed,
      tornTail: read.tornTail,
      ms: Date.now() - started,
    });
  }

  if (dataDir !== undefined) ensureDir(dataDir);
  load();
  host.reschedule();

  /**
   * The disk refused to flush: what was appended since the last flush may or may not be on
   * it. Cut the journal back to what is known to be there and rebuild the engine from disk,
   * so the state is again exactly what a restart would find. Nobody heard of the lost
   * commands: the host refuses them ("send it again") and their events were never sent.
   */
  function recoverFromFailedSync(error: Error): void {
    logger({ level: 'error', event: 'journal-sync-failed', message: error.message, action: 'rolled back to the last flushed entry; the commands waiting are refused' });
    try {
      journal?.rollBackToSynced();
      journal?.abandon();
      load();
      host.reschedule();
    } catch (reloadError) {
      logger({ level: 'error', event: 'journal-reload-failed', message: (reloadError as Error).message });
      journal?.abandon();
      journal = undefined;
      broken = true;
    }
  }

  function compact(): void {
    if (!journal || closed) return;
    host.flush();
    if (host.busy) return;
    const started = Date.now();
    try {
      journal.sync();
      writeSnapshotAndSegment({ epoch, segment });
      logger({ level: 'info', event: 'compacted', epoch, segment, ms: Date.now() - started });
    } catch (error) {
      logger({ level: 'error', event: 'compaction-failed', message: (error as Error).message, action: segmentPending ? 'commands wait for the new segment' : 'the journal goes on' });
      // Try again after as many entries again, not on every flush.
      host.resetCount();
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
    compact,
    close() {
      if (closed) return;
      host.close();
      closed = true;
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
