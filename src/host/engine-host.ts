import type { ChatEngine } from '../engine/api.js';
import { CHANNELS, ChatCommandError, type ChatEvent, type Command, type CommandResult, type Delivery, type UserId } from '../engine/types.js';
import { createDirectoryIndex, search, type DirectoryIndex } from '../directory/search.js';
import { directoryTarget, parseDirectoryQuery, parseWatchIds, type DirectoryPage, type DirectoryTarget, type PresenceChange } from '../protocol/directory.js';
import type { StreamEvent, StreamPosition } from '../transport/types.js';
import { RecentLog } from '../transport/user-log.js';

/**
 * The one engine host: what every deployment does around the engine, written once and used
 * by the memory transport (src/transport/memory/contact-center.ts) and the reference server
 * (server/chat-hub.ts). It applies commands and deadline ticks, keeps each user's ordered
 * log of stream events (positions and epoch) for resuming, fans events out to the attached
 * subscribers, schedules the engine's deadlines, and attaches a user with either the events
 * after their resume position or a snapshot. Idempotent command ids are the engine's own.
 *
 * Persistence sits behind `HostPersistence`: every input is recorded before it is applied
 * (write-ahead), and a persistence that commits in batches is committed before anyone hears
 * of its effects: answers, events, resume logs, search results and watch lists.
 */
export type HostInput = { t: 'cmd'; at: number; actor: UserId; command: Command } | { t: 'tick'; at: number };

export interface HostPersistence {
  /** Records an input before it is applied; throws when it cannot (the input is then refused, not applied). */
  record(input: HostInput): void;
  /**
   * Whether recorded inputs must be committed before their results and events go out: then
   * they are answered once per event-loop turn (`timers.later`), after one `commit()`.
   */
  readonly durable: boolean;
  /**
   * Makes everything recorded so far as safe as the persistence promises (written to the
   * file; flushed to the disk with fsync); throws when it cannot.
   */
  commit(): void;
}

/** Nothing to record: the memory transport, and a server without a data directory. */
export const inMemory: HostPersistence = { record() {}, durable: false, commit() {} };

export interface HostTimers {
  now(): number;
  /** Calls `callback` at `time` (or soon after); answers a cancel function. */
  at(time: number, callback: () => void): () => void;
  /** Runs `callback` once the current burst of work is over (the end of an event-loop turn). */
  later(callback: () => void): void;
}

export interface HostSubscriber {
  deliver(event: StreamEvent): void;
  /**
   * With `encodedLogs`, events reach a subscriber that has this as the JSON text of the event
   * (`body` is `JSON.stringify(event)`, made once for its whole audience), and `deliver` gets
   * only the snapshot. A subscriber without it gets every event through `deliver`.
   */
  deliverEncoded?(epoch: string, position: number, body: string): void;
}

/** One connection's watch list: presence changes of the agents on it reach `onChange`. Not journaled. */
export interface PresenceWatcher {
  /**
   * Replaces the watched ids; answers their current entries (unknown ids left out, order
   * kept). Throws a `ChatCommandError` (`invalid-input`) for a bad list, changing nothing.
   */
  watch(ids: readonly string[]): DirectoryTarget[];
  /** Stops hearing changes. */
  close(): void;
}

export interface EngineHostOptions {
  timers: HostTimers;
  persistence?: HostPersistence;
  /** Events kept per user for resuming (default 10,000). */
  logLimit?: number;
  /** How long events are kept per user for resuming (default: no age bound). */
  logMaxAgeMs?: number;
  /**
   * Keep the resume logs as the events' JSON text (a `RecentLog` of strings, src/transport/user-log.ts), encoded once per
   * event for its whole audience and handed so to `deliverEncoded`: for a host that sends
   * events as text (the server). Default false: logs of event objects (the memory transport).
   */
  encodedLogs?: boolean;
  /** Sees every delivery as it goes out (simulated agents of the memory transport). */
  observe?(delivery: Delivery): void;
  /** An engine bug (a throw) was contained. */
  onEngineError?(input: HostInput, error: Error): void;
  /** Runs after every flush that answered something (the server compacts there). */
  afterFlush?(): void;
  /** An input could not be recorded; it was refused. */
  onRecordFailed?(input: HostInput, error: Error): void;
  /**
   * A commit failed: the inputs since the last commit cannot be trusted. The host refuses
   * them (their events never went out); this should rebuild the engine from what is
   * durable and call `reset`.
   */
  onCommitFailed?(error: Error): void;
}

export interface EngineHost {
  readonly engine: ChatEngine;
  readonly epoch: string;
  /** The time the engine sees: the `at` of the input being applied. */
  readonly engineTime: number;
  /** Records, applies and (once committed) answers and fans out a command. Never throws. */
  execute(actor: UserId, command: Command, reply?: (result: CommandResult) => void): void;
  /** Runs `callback` after every command accepted so far was answered (now, if none waits). */
  afterPending(callback: () => void): void;
  /** Commits and answers what waits now, instead of at the end of the turn. */
  flush(): void;
  /** Subscribes to `userId`'s stream and hands over, synchronously, the events after `resumeFrom` or a snapshot. */
  attach(userId: UserId, subscriber: HostSubscriber, resumeFrom?: StreamPosition): { resumed: boolean; detach(): void };
  /**
   * One page of the directory as `userId` searches it, ranked like the Team Communicator's
   * index, each target with its current presence; `userId` is never listed. Throws a
   * `ChatCommandError`, changing nothing: `invalid-input` for a bad query, `forbidden` for a
   * contact (the directory is the agents').
   */
  searchDirectory(userId: UserId, query: unknown): DirectoryPage;
  /**
   * Builds the directory's search index now (a server calls it before it listens), so the
   * first agent who searches does not stall everyone for the build (about 0.3 s at 50,000
   * targets). Otherwise the first search builds it.
   */
  prepareDirectory(): void;
  /**
   * A watch list for one connection of `userId`; changes reach `onChange` as they are fanned
   * out (never on replay). Its `watch` refuses a contact with `forbidden`.
   */
  watcher(userId: UserId, onChange: (change: PresenceChange) => void): PresenceWatcher;
  /** Applies an input read back from persistence (start-up): into the logs, to nobody live. */
  replay(input: HostInput): void;
  /**
   * Applies an input that another place already recorded and ordered (a cluster's shared
   * log), fanning it out to the attached subscribers at once, and answers its result. Time
   * never goes backwards, even when the nodes that recorded the inputs disagree about it.
   */
  applyRecorded(input: HostInput): CommandResult;
  /**
   * Goes on in `epoch` from `engineTime`, with a new engine from `createEngine` (a reload
   * from disk) or the same one (its state carried into a new epoch). Keeps subscribers;
   * clears the logs (positions of another epoch or engine cannot be resumed) and the count.
   */
  reset(epoch: string, engineTime: number, createEngine?: (clock: () => number) => ChatEngine): void;
  /** Sets the deadline timer from the engine (after replaying inputs). */
  reschedule(): void;
  /** The number of inputs applied since `resetCount()`: when to compact. */
  readonly applied: number;
  resetCount(): void;
  /** True while work waits for a commit. */
  readonly busy: boolean;
  close(): void;
}

const REFUSED: CommandResult = {
  ok: false,
  error: { code: 'not-connected', message: 'The server could not record the command, so it was not applied. Send it again.' },
};
const CLOSED: CommandResult = { ok: false, error: { code: 'not-connected', message: 'The server is shutting down; try again shortly.' } };
/** How soon a deadline whose tick could not be recorded is tried again. */
const TICK_RETRY_MS = 1000;

interface Waiting {
  deliveries: Delivery[];
  answer?: (refusal?: CommandResult) => void;
}

/**
 * `createEngine` receives the clock the engine must use (the time of the input being
 * applied), so replays see the recorded times.
 */
export function createEngineHost(
  createEngine: (clock: () => number) => ChatEngine,
  epochAtStart: string,
  options: EngineHostOptions,
): EngineHost {
  const { timers } = options;
  const persistence = options.persistence ?? inMemory;
  const logs = new Map<UserId, RecentLog<StreamEvent>>();
  const encodedLogs = new Map<UserId, RecentLog<string>>();
  const encoded = options.encodedLogs ?? false;
  const logLimit = options.logLimit ?? 10_000;
  const logBounds = options.logMaxAgeMs !== undefined ? { maxAgeMs: options.logMaxAgeMs } : {};
  const live = new Map<UserId, Set<HostSubscriber>>();
  let engineNow = timers.now();
  let engine = createEngine(() => engineNow);
  let epoch = epochAtStart;
  let waiting: Waiting[] = [];
  let laterScheduled = false;
  let closed = false;
  let applied = 0;
  let cancelTimer: (() => void) | undefined;
  let scheduled: number | undefined;
  /** Built once per engine: the directory's names and numbers never change, only presence does. */
  let index: { engine: ChatEngine; index: DirectoryIndex } | undefined;
  function directoryIndex(): DirectoryIndex {
    // A new engine (a reload, a reset) has the same names: the prepared keys are reused when they match.
    if (index?.engine !== engine) index = { engine, index: createDirectoryIndex(engine.directory(), index?.index) };
    return index.index;
  }
  /** Watch lists by watched agent id. */
  const watching = new Map<string, Set<WatchList>>();
  const watchLists = new Set<WatchList>();

  interface WatchList {
    ids: readonly string[];
    onChange(change: PresenceChange): void;
  }

  /** The directory and the agents' presence are for agents: a contact is refused. */
  function agentsOnly(userId: UserId, what: string): void {
    if (engine.target(userId)?.kind === 'agent') return;
    throw new ChatCommandError({ code: 'forbidden', message: `Only agents can ${what}.` });
  }

  function notifyWatchers(change: PresenceChange): void {
    const lists = watching.get(change.userId);
    if (!lists) return;
    for (const list of [...lists]) list.onChange({ ...change });
  }

  /** After a reset the engine may hold other presence: every watcher hears the current one. */
  function rewatchAll(): void {
    for (const list of watchLists) {
      for (const id of list.ids) {
        const target = engine.target(id);
        if (target?.kind !== 'agent') continue;
        for (const channel of CHANNELS) list.onChange({ userId: id, channel, state: target.presence[channel] });
      }
    }
  }

  /** `userId`'s log in `logs`, made on first use. */
  function logIn<T>(logs: Map<UserId, RecentLog<T>>, userId: UserId): RecentLog<T> {
    let log = logs.get(userId);
    if (!log) {
      log = new RecentLog<T>(logLimit, logBounds);
      logs.set(userId, log);
    }
    return log;
  }

  function record(deliveries: Delivery[], fanOut: boolean): void {
    const now = timers.now();
    // The deliveries of one event to its audience share the event object and come one after another.
    let encodedEvent: ChatEvent | undefined;
    let body = '';
    for (const delivery of deliveries) {
      let event: StreamEvent | undefined;
      if (encoded) {
        if (delivery.event !== encodedEvent) {
          encodedEvent = delivery.event;
          body = delivery.json ?? JSON.stringify(delivery.event);
        }
        logIn(encodedLogs, delivery.to).append(delivery.position, body, now);
      } else {
        event = { epoch, position: delivery.position, event: delivery.event };
        logIn(logs, delivery.to).append(delivery.position, event, now);
      }
      if (!fanOut) continue;
      const subscribers = live.get(delivery.to);
      if (subscribers) {
        for (const subscriber of subscribers) {
          if (encoded && subscriber.deliverEncoded) subscriber.deliverEncoded(epoch, delivery.position, body);
          else subscriber.deliver((event ??= { epoch, position: delivery.position, event: delivery.event }));
        }
      }
      options.observe?.(delivery);
      // An agent's own copy of their presence change is the one every change has: watchers hear it once.
      const change = delivery.event;
      if (change.type === 'presence-updated' && change.userId === delivery.to && watching.has(change.userId)) {
        notifyWatchers({ userId: change.userId, channel: change.channel, state: change.state });
      }
    }
  }

  /** Applies one input; a throw is an engine bug, contained (and reproduced identically on replay). */
  function apply(input: HostInput, report: boolean): { result: CommandResult; deliveries: Delivery[] } {
    engineNow = input.at;
    applied++;
    try {
      if (input.t === 'tick') return { result: { ok: true }, deliveries: engine.tick() };
      const executed = engine.execute(input.actor, input.command);
      // Split by hand: an object rest pattern copies through a slow generic path.
      const result: CommandResult = executed.ok
        ? executed.value === undefined
          ? { ok: true }
          : { ok: true, value: executed.value }
        : { ok: false, error: executed.error };
      return { result, deliveries: executed.deliveries };
    } catch (error) {
      if (report) options.onEngineError?.(input, error as Error);
      return { result: { ok: false, error: { code: 'invalid-state', message: 'The server could not process this command.' } }, deliveries: [] };
    }
  }

  /** The engine must never see time go backwards, even if the wall clock does. */
  const inputTime = () => Math.max(engineNow, timers.now());

  function schedule(): void {
    if (closed) return;
    const deadline = engine.nextDeadline();
    if (deadline === scheduled) return;
    cancelTimer?.();
    cancelTimer = undefined;
    scheduled = deadline;
    if (deadline === undefined) return;
    cancelTimer = timers.at(deadline, () => {
      cancelTimer = undefined;
      scheduled = undefined;
      if (closed) return;
      // A timer may fire a little before the clock reaches the deadline: wait again then.
      if (timers.now() >= deadline) run({ t: 'tick', at: inputTime() });
      schedule();
    });
  }

  function retryTick(): void {
    cancelTimer?.();
    scheduled = undefined;
    cancelTimer = timers.at(timers.now() + TICK_RETRY_MS, () => {
      cancelTimer = undefined;
      if (!closed) schedule();
    });
  }

  function run(input: HostInput, reply?: (result: CommandResult) => void): void {
    // Write-ahead: an input is recorded before it is applied. If it cannot be recorded it
    // is not applied either, so the state never holds what a restart would lose.
    try {
      persistence.record(input);
    } catch (error) {
      options.onRecordFailed?.(input, error as Error);
      if (input.t === 'tick') retryTick();
      waiting.push({ deliveries: [], ...(reply ? { answer: (refusal) => reply(refusal ?? REFUSED) } : {}) });
      settle();
      return;
    }
    const { result, deliveries } = apply(input, true);
    waiting.push({ deliveries, ...(reply ? { answer: (refusal) => reply(refusal ?? result) } : {}) });
    // Answered (when nothing needs committing) before the next deadline is set, so what
    // observers schedule at the same instant as a deadline runs first, as it always did.
    settle();
    schedule();
  }

  /** Answers now when nothing needs committing; otherwise once per turn, for every input of the turn. */
  function settle(): void {
    if (!persistence.durable) {
      flush();
      return;
    }
    if (laterScheduled) return;
    laterScheduled = true;
    timers.later(() => {
      laterScheduled = false;
      flush();
    });
  }

  function flush(): void {
    if (waiting.length === 0) return;
    if (persistence.durable) {
      try {
        persistence.commit();
      } catch (error) {
        const refused = waiting;
        waiting = [];
        options.onCommitFailed?.(error as Error);
        for (const item of refused) item.answer?.(REFUSED);
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
    options.afterFlush?.();
  }

  return {
    get engine() {
      return engine;
    },
    get epoch() {
      return epoch;
    },
    get engineTime() {
      return engineNow;
    },
    get applied() {
      return applied;
    },
    get busy() {
      return waiting.length > 0;
    },
    resetCount() {
      applied = 0;
    },
    execute(actor, command, reply) {
      if (closed) {
        if (waiting.length > 0) waiting.push({ deliveries: [], ...(reply ? { answer: (refusal) => reply(refusal ?? CLOSED) } : {}) });
        else reply?.(CLOSED);
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
      // The stream a client joins must hold only what is committed.
      flush();
      let set = live.get(userId);
      if (!set) live.set(userId, (set = new Set()));
      set.add(subscriber);
      const current = engine.position(userId);
      const resumable = resumeFrom !== undefined && resumeFrom.epoch === epoch;
      let resumed = false;
      if (resumable && encoded) {
        const missed = logIn(encodedLogs, userId).after(resumeFrom.position, current, timers.now());
        if (missed) {
          resumed = true;
          for (const [i, body] of missed.entries()) {
            const position = resumeFrom.position + 1 + i;
            if (subscriber.deliverEncoded) subscriber.deliverEncoded(epoch, position, body);
            else subscriber.deliver({ epoch, position, event: JSON.parse(body) as ChatEvent });
          }
        }
      } else if (resumable) {
        const missed = logIn(logs, userId).after(resumeFrom.position, current, timers.now());
        if (missed) {
          resumed = true;
          for (const event of missed) subscriber.deliver(event);
        }
      }
      if (!resumed) subscriber.deliver({ epoch, position: current, event: { type: 'snapshot', snapshot: engine.snapshot(userId) } });
      return {
        resumed,
        detach: () => {
          set.delete(subscriber);
          if (set.size === 0 && live.get(userId) === set) live.delete(userId);
        },
      };
    },
    reschedule: schedule,
    prepareDirectory() {
      directoryIndex();
    },
    searchDirectory(userId, input) {
      // Presence shown must be committed presence.
      flush();
      agentsOnly(userId, 'search the directory');
      const parsed = parseDirectoryQuery(input);
      if (!parsed.ok) throw new ChatCommandError(parsed.error);
      const query = parsed.value;
      const prepared = directoryIndex();
      const offset = query.offset ?? 0;
      const found = search(prepared, query.query, {
        filter: query.filter ?? 'all',
        limit: query.limit ?? 50,
        offset,
        exclude: new Set([userId]),
      });
      // The index keeps the names; presence is read now.
      const targets = found.targets.flatMap((t) => {
        const current = engine.target(t.id);
        return current ? [directoryTarget(current)] : [];
      });
      return { targets, total: found.total, offset };
    },
    watcher(userId, onChange) {
      const list: WatchList = { ids: [], onChange };
      watchLists.add(list);
      const unlink = () => {
        for (const id of list.ids) {
          const lists = watching.get(id);
          lists?.delete(list);
          if (lists?.size === 0) watching.delete(id);
        }
      };
      return {
        watch(input) {
          flush();
          agentsOnly(userId, 'watch presence');
          const parsed = parseWatchIds(input);
          if (!parsed.ok) throw new ChatCommandError(parsed.error);
          unlink();
          list.ids = [...new Set(parsed.value)];
          const entries: DirectoryTarget[] = [];
          for (const id of list.ids) {
            let lists = watching.get(id);
            if (!lists) watching.set(id, (lists = new Set()));
            lists.add(list);
            const target = engine.target(id);
            if (target) entries.push(directoryTarget(target));
          }
          return entries;
        },
        close() {
          unlink();
          list.ids = [];
          watchLists.delete(list);
        },
      };
    },
    replay(input) {
      record(apply(input, false).deliveries, false);
    },
    applyRecorded(input) {
      const { result, deliveries } = apply(input.at >= engineNow ? input : { ...input, at: engineNow }, true);
      record(deliveries, true);
      return result;
    },
    reset(nextEpoch, time, create) {
      engineNow = time;
      if (create) engine = create(() => engineNow);
      epoch = nextEpoch;
      applied = 0;
      logs.clear();
      encodedLogs.clear();
      cancelTimer?.();
      cancelTimer = undefined;
      scheduled = undefined;
      schedule();
      rewatchAll();
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
}
