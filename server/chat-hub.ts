import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createChatEngine } from '../src/engine/index.js';
import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, Delivery, DirectoryEntry, EngineConfig, UserId } from '../src/engine/types.js';
import type { StreamEvent, StreamPosition } from '../src/transport/types.js';
import type { ServerClock } from './clock.js';
import type { Logger } from './logger.js';
import { ensureDir, Journal, journalPath, readJournal, setJournalAside, type JournalEntry, type JournalHeader } from './persistence.js';
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
  /** Where the journal lives; undefined keeps everything in memory (lost on restart). */
  dataDir?: string;
  /** fsync the journal after every entry (default false: flushed on close). */
  fsync?: boolean;
  /** Events kept per user for resuming (default 10,000). */
  logLimit?: number;
  /**
   * Replica mode (cluster nodes): the epoch and id prefix are the cluster's, nothing is
   * journaled here, no deadline timer runs, and inputs arrive in the cluster's order through
   * `applyInput` (server/cluster/cluster-hub.ts).
   */
  replica?: Pick<JournalHeader, 'epoch' | 'ids' | 'createdAt'>;
}

/**
 * The engine with everything around it that is not networking: the journal (write-ahead,
 * replayed on start), per-user resumable logs, fan-out to subscribers and the deadline timer.
 */
export interface ChatHub {
  readonly epoch: string;
  readonly engine: ChatEngine;
  /** Journals the command, runs it as `actor` and fans out what it produced. Never throws. */
  execute(actor: UserId, command: Command): CommandResult;
  /**
   * Subscribes `subscriber` to `userId`'s stream and hands it, synchronously, either the
   * events after `resumeFrom` (when that is this epoch and still in the log) or a snapshot.
   */
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): { resumed: boolean; detach(): void };
  /**
   * Replica mode: applies one input of the cluster's ordered log and fans out what it
   * produced. Time never goes backwards, even when nodes' clocks disagree.
   */
  applyInput(entry: JournalEntry): CommandResult;
  /** When the engine next has something due (a time-out), if ever. */
  nextDeadline(): number | undefined;
  /** Stops the deadline timer and flushes and closes the journal. */
  close(): void;
}

const DEFAULT_LOG_LIMIT = 10_000;
/** How soon a deadline whose tick could not be journaled is tried again. */
const TICK_RETRY_MS = 1000;

export function createChatHub(options: ChatHubOptions): ChatHub {
  const { clock, logger } = options;
  const logLimit = options.logLimit ?? DEFAULT_LOG_LIMIT;
  const directoryHash = createHash('sha256').update(JSON.stringify(options.directory)).digest('hex');
  const logs = new Map<UserId, UserLog>();
  const live = new Map<UserId, Set<StreamSubscriber>>();

  /** The time the engine sees: the journaled `at` of the input being applied. */
  let engineNow = clock.now();
  let idCounter = 0;
  let idPrefix = '';
  let epoch = '';

  function freshEngine(): ChatEngine {
    idCounter = 0;
    logs.clear();
    return createChatEngine({
      clock: () => engineNow,
      ids: () => `${idPrefix}${(++idCounter).toString(36)}`,
      directory: options.directory,
      ...(options.config ? { config: options.config } : {}),
    });
  }

  function logOf(userId: UserId): UserLog {
    let log = logs.get(userId);
    if (!log) logs.set(userId, (log = new UserLog(logLimit)));
    return log;
  }

  function record(deliveries: Delivery[], fanOut: boolean): void {
    for (const delivery of deliveries) {
      const event: StreamEvent = { epoch, position: delivery.position, event: delivery.event };
      logOf(delivery.to).append(event);
      if (!fanOut) continue;
      for (const subscriber of live.get(delivery.to) ?? []) subscriber.deliver(event);
    }
  }

  /** Applies one input; a throw is an engine bug, contained (and reproduced identically on replay). */
  function apply(entry: JournalEntry, fanOut: boolean): CommandResult {
    engineNow = entry.at;
    try {
      if (entry.t === 'tick') {
        record(engine.tick(), fanOut);
        return { ok: true };
      }
      const { deliveries, ...result } = engine.execute(entry.actor, entry.command);
      record(deliveries, fanOut);
      return result;
    } catch (error) {
      if (fanOut) logger({ level: 'error', event: 'engine-error', input: entry.t, message: (error as Error).message });
      return { ok: false, error: { code: 'invalid-state', message: 'The server could not process this command.' } };
    }
  }

  function newEpoch(): void {
    const random = randomBytes(6).toString('hex');
    epoch = `${clock.now().toString(36)}-${random}`;
    idPrefix = `${random.slice(0, 4)}-`;
  }

  // --- start: replay the journal, or begin a new epoch -------------------------------
  let engine!: ChatEngine;
  let journal: Journal | undefined;
  const path = options.dataDir === undefined ? undefined : journalPath(options.dataDir);
  if (path && options.dataDir !== undefined) ensureDir(options.dataDir);

  if (options.replica) {
    epoch = options.replica.epoch;
    idPrefix = options.replica.ids;
    engine = freshEngine();
    engineNow = options.replica.createdAt;
  } else if (path && existsSync(path)) {
    const started = Date.now();
    const read = readJournal(path);
    let problem: string | undefined;
    if (!read.ok) problem = read.reason;
    else {
      epoch = read.header.epoch;
      idPrefix = read.header.ids;
      engine = freshEngine();
      if (read.header.directory !== directoryHash) problem = 'the directory changed since the journal was written';
      else if (JSON.stringify(read.header.config) !== JSON.stringify(engine.config)) {
        problem = 'the engine configuration changed since the journal was written';
      } else {
        for (const entry of read.entries) apply(entry, false);
        engineNow = Math.max(engineNow, read.entries.at(-1)?.at ?? read.header.createdAt);
        journal = Journal.reopen(path, read.validBytes, options.fsync ?? false);
        logger({
          level: 'info',
          event: 'journal-replayed',
          epoch,
          entries: read.entries.length,
          tornTail: read.tornTail,
          ms: Date.now() - started,
        });
      }
    }
    if (problem !== undefined) {
      const aside = setJournalAside(path, 'unreadable', clock.now());
      logger({ level: 'error', event: 'journal-unreadable', reason: problem, movedTo: aside, action: 'new epoch; clients reload from a snapshot' });
    }
  }
  if (!journal && !options.replica) {
    newEpoch();
    engine = freshEngine();
    engineNow = clock.now();
    if (path) {
      const header: JournalHeader = {
        t: 'header',
        version: 1,
        epoch,
        ids: idPrefix,
        createdAt: engineNow,
        config: engine.config,
        directory: directoryHash,
      };
      journal = Journal.create(path, header, options.fsync ?? false);
    }
    logger({ level: 'info', event: 'epoch-started', epoch, persistent: path !== undefined });
  }

  // --- deadlines ------------------------------------------------------------------------
  let cancelTimer: (() => void) | undefined;
  let scheduled: number | undefined;
  let closed = false;

  /** The engine must never see time go backwards, even if the wall clock does. */
  const inputTime = () => Math.max(engineNow, clock.now());

  function schedule(): void {
    if (closed || options.replica) return;
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

  function run(entry: JournalEntry): CommandResult {
    // Write-ahead: an input is on disk before anyone hears of its effects. If it cannot be
    // written it is not applied either, so the state never holds what a restart would lose.
    try {
      journal?.append(entry);
    } catch (error) {
      logger({ level: 'error', event: 'journal-write-failed', input: entry.t, message: (error as Error).message });
      if (entry.t === 'tick') retryTick();
      return {
        ok: false,
        error: { code: 'not-connected', message: 'The server could not record the command, so it was not applied. Send it again.' },
      };
    }
    const result = apply(entry, true);
    schedule();
    return result;
  }

  function retryTick(): void {
    cancelTimer?.();
    scheduled = undefined;
    cancelTimer = clock.setTimer(() => {
      cancelTimer = undefined;
      if (!closed) schedule();
    }, TICK_RETRY_MS);
  }

  schedule();

  return {
    get epoch() {
      return epoch;
    },
    get engine() {
      return engine;
    },
    execute(actor, command) {
      if (closed) return { ok: false, error: { code: 'not-connected', message: 'The server is shutting down; try again shortly.' } };
      return run({ t: 'cmd', at: inputTime(), actor, command });
    },
    applyInput(entry) {
      return apply(entry.at >= engineNow ? entry : { ...entry, at: engineNow }, true);
    },
    nextDeadline: () => engine.nextDeadline(),
    attach(userId, subscriber, resumeFrom) {
      let set = live.get(userId);
      if (!set) live.set(userId, (set = new Set()));
      set.add(subscriber);
      const current = engine.position(userId);
      const missed = resumeFrom && resumeFrom.epoch === epoch ? logOf(userId).after(resumeFrom.position, current) : undefined;
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
    close() {
      if (closed) return;
      closed = true;
      cancelTimer?.();
      journal?.close();
    },
  };
}
