import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { uptime } from 'node:os';
import { createChatEngine } from '../src/engine/index.js';
import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, Delivery, DirectoryEntry, EngineConfig, UserId } from '../src/engine/types.js';
import type { StreamEvent, StreamPosition } from '../src/transport/types.js';
import type { ServerClock } from './clock.js';
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
  type JournalInput,
} from './persistence.js';
import { readSnapshotFile, snapshotPath, syncDirectory, writeSnapshotFile, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotFile } from './snapshot-file.js';
import { UserLog } from '../src/transport/user-log.js';

/** Receives one user's stream (an open connection). */
export interface StreamSubscriber {
  deliver(event: StreamEvent): void;
}

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
  /** Identifies this boot of the machine (default: the kernel's boot id). Tests inject one. */
  bootId?: string;
  /** File calls of the journal (tests inject failures). */
  fs?: JournalFs;
  /** Keep the state on disk but go on in a new epoch (after restoring a backup, whose positions clients may have seen past). */
  newEpoch?: boolean;
}

/**
 * The engine with everything around it that is not networking: the journal (write-ahead,
 * replayed on start) and snapshots, per-user resumable logs, fan-out to subscribers and the
 * deadline timer.
 */
export interface ChatHub {
  readonly epoch: string;
  readonly engine: ChatEngine;
  /**
   * Journals the command, runs it as `actor`, and once it is recorded (flushed, when
   * durable) fans out what it produced and calls `reply`. Replies come in the order commands
   * came in; with `fsync` off they come before `execute` returns. Never throws.
   */
  execute(actor: UserId, command: Command, reply?: (result: CommandResult) => void): void;
  /** Runs `callback` after every command accepted so far was answered (now, if none waits). */
  afterPending(callback: () => void): void;
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
/** How soon a deadline whose tick could not be journaled is tried again. */
const TICK_RETRY_MS = 1000;

const NOT_RECORDED: CommandResult = {
  ok: false,
  error: { code: 'not-connected', message: 'The server could not record the command, so it was not applied. Send it again.' },
};

/** A command or tick applied but not yet answered: it waits for the disk (durable mode). */
interface Waiting {
  deliveries: Delivery[];
  /** Answers the command with its result, or with `refusal` when it could not be recorded after all. */
  answer?: (refusal?: CommandResult) => void;
}

export function createChatHub(options: ChatHubOptions): ChatHub {
  const { clock, logger } = options;
  const files = options.fs ?? nodeJournalFs;
  const durable = options.fsync ?? false;
  const compactEvery = options.compactEvery ?? DEFAULT_COMPACT_EVERY;
  const bootId = options.bootId ?? currentBootId();
  const directoryHash = createHash('sha256').update(JSON.stringify(options.directory)).digest('hex');
  const logs = new Map<UserId, UserLog>();
  const live = new Map<UserId, Set<StreamSubscriber>>();
  const dataDir = options.dataDir;
  const path = dataDir === undefined ? undefined : journalPath(dataDir);
  const snapPath = dataDir === undefined ? undefined : snapshotPath(dataDir);

  /** The time the engine sees: the journaled `at` of the input being applied. */
  let engineNow = clock.now();
  let idCounter = 0;
  let idPrefix = '';
  let epoch = '';
  let createdAt = engineNow;
  let segment = 0;
  let engine!: ChatEngine;
  let journal: Journal | undefined;
  /** The snapshot was written but its new segment could not be started: nothing may be appended to the old one. */
  let segmentPending = false;
  let entriesInSegment = 0;
  let waiting: Waiting[] = [];
  let flushScheduled = false;
  let closed = false;
  /** Rebuilding after a failed flush failed too: every command is refused until a restart. */
  let broken = false;

  function buildEngine(restore?: SnapshotFile): ChatEngine {
    logs.clear();
    idCounter = restore?.idCounter ?? 0;
    return createChatEngine({
      clock: () => engineNow,
      ids: () => `${idPrefix}${(++idCounter).toString(36)}`,
      directory: options.directory,
      ...(options.config ? { config: options.config } : {}),
      ...(restore ? { restore: restore.engine } : {}),
    });
  }

  function logOf(userId: UserId): UserLog {
    let log = logs.get(userId);
    if (!log) logs.set(userId, (log = new UserLog(options.logLimit ?? DEFAULT_LOG_LIMIT, { maxAgeMs: options.logMaxAgeMs ?? DEFAULT_LOG_MAX_AGE_MS })));
    return log;
  }

  function record(deliveries: Delivery[], fanOut: boolean): void {
    for (const delivery of deliveries) {
      const event: StreamEvent = { epoch, position: delivery.position, event: delivery.event };
      logOf(delivery.to).append(event, clock.now());
      if (!fanOut) continue;
      for (const subscriber of live.get(delivery.to) ?? []) subscriber.deliver(event);
    }
  }

  /** Applies one input; a throw is an engine bug, contained (and reproduced identically on replay). */
  function apply(entry: JournalInput, report: boolean): { result: CommandResult; deliveries: Delivery[] } {
    engineNow = entry.at;
    try {
      if (entry.t === 'tick') return { result: { ok: true }, deliveries: engine.tick() };
      const { deliveries, ...result } = engine.execute(entry.actor, entry.command);
      return { result, deliveries };
    } catch (error) {
      if (report) logger({ level: 'error', event: 'engine-error', input: entry.t, message: (error as Error).message });
      return { result: { ok: false, error: { code: 'invalid-state', message: 'The server could not process this command.' } }, deliveries: [] };
    }
  }

  function newEpoch(): void {
    let random = randomBytes(6).toString('hex');
    // A carried-over state holds ids of the old prefix: the new one must differ.
    while (`${random.slice(0, 6)}-` === idPrefix) random = randomBytes(6).toString('hex');
    epoch = `${clock.now().toString(36)}-${random}`;
    idPrefix = `${random.slice(0, 6)}-`;
    idCounter = 0;
    createdAt = clock.now();
    segment = 0;
    logs.clear();
  }

  function header(): JournalHeader {
    return { t: 'header', version: 2, epoch, segment, ids: idPrefix, createdAt, config: engine.config, directory: directoryHash };
  }

  function snapshotFile(replaces?: { epoch: string; segment: number }): SnapshotFile {
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      epoch,
      ids: idPrefix,
      idCounter,
      at: engineNow,
      createdAt,
      segment,
      ...(replaces ? { replaces } : {}),
      config: engine.config,
      directory: directoryHash,
      engine: engine.exportState(),
    };
  }

  /** Starts journal segment `segment` at `path` (written aside, then renamed into place). */
  function startSegment(): void {
    const next = `${path!}.next`;
    if (existsSync(next)) renameSync(next, `${next}.${Date.now()}.abandoned`);
    const fresh = Journal.create(next, header(), files);
    try {
      fresh.append({ t: 'open', at: engineNow, boot: bootId, durable });
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
    entriesInSegment = 0;
  }

  /**
   * Snapshot, then a new segment. With `freshEpoch`, the state carries over into a new epoch
   * (the old positions cannot be trusted); otherwise the epoch goes on.
   */
  function writeSnapshotAndSegment(freshEpoch: boolean): void {
    const replaces = journal || existsSync(path!) ? { epoch, segment } : undefined;
    if (freshEpoch) newEpoch();
    segment += 1;
    writeSnapshotFile(snapPath!, snapshotFile(replaces));
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
    newEpoch();
    engineNow = clock.now();
    engine = buildEngine();
    if (path) {
      journal = Journal.create(path, header(), files);
      journal.append({ t: 'open', at: engineNow, boot: bootId, durable });
      journal.sync();
      entriesInSegment = 0;
    }
    logger({ level: 'info', event: 'epoch-started', epoch, persistent: path !== undefined });
  }

  /** Keeps the state loaded so far but moves it into a new epoch (positions clients saw may be gone). */
  function carryOver(reason: string): void {
    journal?.abandon();
    journal = undefined;
    engineNow = Math.max(engineNow, clock.now());
    writeSnapshotAndSegment(true);
    logger({ level: 'info', event: 'epoch-started', epoch, persistent: true, carriedOver: true, reason });
  }

  function load(): void {
    journal = undefined;
    const started = Date.now();
    let base: SnapshotFile | undefined;
    if (snapPath && existsSync(snapPath)) {
      const read = readSnapshotFile(snapPath);
      if (!read.ok) return startFresh(read.reason);
      if (read.snapshot.directory !== directoryHash) return startFresh('the directory changed since the snapshot was written');
      base = read.snapshot;
      epoch = base.epoch;
      idPrefix = base.ids;
      createdAt = base.createdAt;
      segment = base.segment;
      engineNow = base.at;
      try {
        engine = buildEngine(base);
      } catch (error) {
        return startFresh((error as Error).message);
      }
      if (JSON.stringify(base.config) !== JSON.stringify(engine.config)) {
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
      engineNow = h.createdAt;
      engine = buildEngine();
      if (JSON.stringify(h.config) !== JSON.stringify(engine.config)) {
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
        record(apply(entry, false).deliveries, false);
        replayed++;
      }
    }
    entriesInSegment = replayed;
    engineNow = Math.max(engineNow, read.entries.at(-1)?.at ?? h.createdAt);
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
    journal.append({ t: 'open', at: engineNow, boot: bootId, durable });
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

  // --- deadlines ------------------------------------------------------------------------
  let cancelTimer: (() => void) | undefined;
  let scheduled: number | undefined;

  /** The engine must never see time go backwards, even if the wall clock does. */
  const inputTime = () => Math.max(engineNow, clock.now());

  function schedule(): void {
    if (closed) return;
    const deadline = engine.nextDeadline();
    if (deadline === scheduled) return;
    cancelTimer?.();
    cancelTimer = undefined;
    scheduled = deadline;
    if (deadline === undefined) return;
    cancelTimer = clock.setTimer(() => {
      cancelTimer = undefined;
      scheduled = undefined;
      if (closed) return;
      // A timer may fire a little before the clock reaches the deadline: wait again then.
      if (clock.now() >= deadline) run({ t: 'tick', at: inputTime() });
      schedule();
    }, deadline - clock.now());
  }

  function retryTick(): void {
    cancelTimer?.();
    scheduled = undefined;
    cancelTimer = clock.setTimer(() => {
      cancelTimer = undefined;
      if (!closed) schedule();
    }, TICK_RETRY_MS);
  }

  function run(entry: JournalInput, reply?: (result: CommandResult) => void): void {
    // Write-ahead: an input is written before it is applied. If it cannot be written it is
    // not applied either, so the state never holds what a restart would lose.
    try {
      if (segmentPending) startSegment();
      journal?.append(entry);
    } catch (error) {
      logger({ level: 'error', event: 'journal-write-failed', input: entry.t, message: (error as Error).message });
      if (entry.t === 'tick') retryTick();
      waiting.push({ deliveries: [], ...(reply ? { answer: (refusal) => reply(refusal ?? NOT_RECORDED) } : {}) });
      settle();
      return;
    }
    entriesInSegment++;
    const { result, deliveries } = apply(entry, true);
    waiting.push({ deliveries, ...(reply ? { answer: (refusal) => reply(refusal ?? result) } : {}) });
    schedule();
    settle();
  }

  /** Answers now when nothing needs the disk; otherwise once per turn, for every command of the turn. */
  function settle(): void {
    if (!durable || !journal) {
      flush();
      return;
    }
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      flush();
    });
  }

  function flush(): void {
    if (waiting.length === 0) return;
    if (durable && journal?.unsynced) {
      try {
        journal.sync();
      } catch (error) {
        recoverFromFailedSync(error as Error);
        return;
      }
    }
    // Answers may add more waiting work (a reply that sends a command); it waits for the next flush.
    const batch = waiting;
    waiting = [];
    for (const item of batch) {
      record(item.deliveries, true);
      item.answer?.();
    }
    if (compactEvery > 0 && entriesInSegment >= compactEvery && journal && !closed) compact();
  }

  /**
   * The disk refused to flush: what was appended since the last flush may or may not be on
   * it. Cut the journal back to what is known to be there and rebuild the engine from disk,
   * so the state is again exactly what a restart would find. Nobody heard of the lost
   * commands: they are refused ("send it again") and their events were never sent.
   */
  function recoverFromFailedSync(error: Error): void {
    logger({ level: 'error', event: 'journal-sync-failed', message: error.message, action: 'rolled back to the last flushed entry; the commands waiting are refused' });
    const refused = waiting;
    waiting = [];
    try {
      journal?.rollBackToSynced();
      journal?.abandon();
      load();
    } catch (reloadError) {
      logger({ level: 'error', event: 'journal-reload-failed', message: (reloadError as Error).message });
      journal?.abandon();
      journal = undefined;
      broken = true;
    }
    cancelTimer?.();
    scheduled = undefined;
    schedule();
    for (const item of refused) item.answer?.(NOT_RECORDED);
  }

  function compact(): void {
    if (!journal || closed) return;
    flush();
    if (waiting.length > 0) return;
    const started = Date.now();
    try {
      journal.sync();
      writeSnapshotAndSegment(false);
      logger({ level: 'info', event: 'compacted', epoch, segment, ms: Date.now() - started });
    } catch (error) {
      logger({ level: 'error', event: 'compaction-failed', message: (error as Error).message, action: segmentPending ? 'commands wait for the new segment' : 'the journal goes on' });
      // Try again after as many entries again, not on every flush.
      entriesInSegment = 0;
    }
  }

  schedule();

  return {
    get epoch() {
      return epoch;
    },
    get engine() {
      return engine;
    },
    execute(actor, command, reply) {
      if (closed || broken) {
        const result: CommandResult = closed
          ? { ok: false, error: { code: 'not-connected', message: 'The server is shutting down; try again shortly.' } }
          : NOT_RECORDED;
        if (waiting.length > 0) waiting.push({ deliveries: [], ...(reply ? { answer: (refusal) => reply(refusal ?? result) } : {}) });
        else reply?.(result);
        return;
      }
      run({ t: 'cmd', at: inputTime(), actor, command }, reply);
    },
    afterPending(callback) {
      if (waiting.length === 0) callback();
      else waiting.push({ deliveries: [], answer: () => callback() });
    },
    flush,
    attach(userId, subscriber, resumeFrom) {
      // The stream a client joins must hold only what is on disk.
      flush();
      let set = live.get(userId);
      if (!set) live.set(userId, (set = new Set()));
      set.add(subscriber);
      const current = engine.position(userId);
      const missed = resumeFrom && resumeFrom.epoch === epoch ? logOf(userId).after(resumeFrom.position, current, clock.now()) : undefined;
      if (missed) for (const event of missed) subscriber.deliver(event);
      else subscriber.deliver({ epoch, position: current, event: { type: 'snapshot', snapshot: engine.snapshot(userId) } });
      return {
        resumed: missed !== undefined,
        detach: () => {
          set.delete(subscriber);
          if (set.size === 0 && live.get(userId) === set) live.delete(userId);
        },
      };
    },
    compact,
    close() {
      if (closed) return;
      flush();
      closed = true;
      cancelTimer?.();
      if (!journal) return;
      try {
        journal.append({ t: 'close', at: inputTime() });
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
