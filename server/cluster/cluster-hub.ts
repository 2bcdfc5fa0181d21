import { createHash, randomBytes } from 'node:crypto';
import { resolveConfig } from '../../src/engine/config.js';
import type { Command, CommandResult, DirectoryEntry, EngineConfig, UserId } from '../../src/engine/types.js';
import type { StreamPosition } from '../../src/transport/types.js';
import { createChatEngine } from '../../src/engine/index.js';
import { createEngineHost } from '../../src/host/engine-host.js';
import type { StreamSubscriber } from '../chat-hub.js';
import type { ServerClock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Attached, EngineHub } from '../hub.js';
import { parseSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotFile } from '../snapshot-file.js';
import { RedisInputLog, compareStreamIds, type ClusterHeader, type LoggedInput } from './redis-input-log.js';

/**
 * A cluster node's hub. Redis holds the one ordered log of engine inputs; every node appends
 * the commands its users send, reads the whole log back in order and applies it to its own
 * replica of the engine (server/chat-hub.ts in replica mode). The engine is deterministic,
 * so every replica holds the same sessions, ids and per-user positions, and a user resumes
 * on any node with the positions and epoch another node gave them. A command is answered
 * when this node's replica has applied it, with the result every replica computed.
 *
 * Deadlines (ring and routing time-outs) are appended as `tick` inputs by the one node that
 * holds the ticker lease; another node takes the lease within `tickerLeaseMs` of a failure.
 */
export interface ClusterHubOptions {
  redisUrl: string;
  /** Key prefix in Redis (default `wc:`), so several clusters can share one Redis. */
  prefix?: string;
  /** This node's name in the log (default: random). */
  nodeId?: string;
  directory: DirectoryEntry[];
  config?: Partial<EngineConfig>;
  clock: ServerClock;
  logger: Logger;
  logLimit?: number;
  logMaxAgeMs?: number;
  /** How long a command waits for the log before it is answered "try again" (default 10 s). */
  commandTimeoutMs?: number;
  /** The ticker lease (default 3 s): how soon another node takes over deadlines. */
  tickerLeaseMs?: number;
  /**
   * Inputs between snapshots (default 10,000; 0: never). The ticker node stores a snapshot in
   * Redis, then trims the log to what the previous snapshot and every live node still need,
   * so a node starts from the snapshot and replays only the tail.
   */
  compactEvery?: number;
  /**
   * This node can no longer follow the log (it was trimmed past what the node applied while
   * it was stopped): it refuses commands from then on. The default logs it; `npm run server`
   * exits so its supervisor restarts it, and its users resume on the other nodes.
   */
  onFatal?: (reason: string) => void;
}

/** A node that has not reported for this long is not waited for when the log is trimmed. */
const LIVE_NODE_MS = 30_000;

export class ClusterStartError extends Error {
  override name = 'ClusterStartError';
}

export interface ClusterHub extends EngineHub {
  readonly nodeId: string;
  /** Runs the command and resolves with its result once this node's replica applied it. */
  run(actor: UserId, command: Command): Promise<CommandResult>;
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): Promise<Attached>;
  /** The id of the last input this node applied. */
  readonly applied: string;
  close(): Promise<void>;
}

const RETRY_MS = 250;

export async function createClusterHub(options: ClusterHubOptions): Promise<ClusterHub> {
  const { clock, logger } = options;
  const nodeId = options.nodeId ?? `node-${randomBytes(4).toString('hex')}`;
  const commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
  const tickerLeaseMs = options.tickerLeaseMs ?? 3000;
  const random = randomBytes(6).toString('hex');
  const proposed: ClusterHeader = {
    t: 'cluster',
    version: 1,
    epoch: `${clock.now().toString(36)}-${random}`,
    ids: `${random.slice(0, 4)}-`,
    createdAt: clock.now(),
    config: resolveConfig(options.config),
    directory: createHash('sha256').update(JSON.stringify(options.directory)).digest('hex'),
  };
  const log = await RedisInputLog.open({ url: options.redisUrl, ...(options.prefix ? { prefix: options.prefix } : {}) }, proposed);
  const compactEvery = options.compactEvery ?? 10_000;
  const onFatal = options.onFatal ?? ((reason: string) => logger({ level: 'error', event: 'cluster-node-fatal', node: nodeId, reason }));
  const stored = await log.loadSnapshot();
  let restore: SnapshotFile | undefined;
  if (stored) {
    let value: unknown;
    try {
      value = JSON.parse(stored.data);
    } catch {
      value = undefined;
    }
    const read = parseSnapshot(value);
    // Starting without it would replay a trimmed log from the middle: refuse, loudly.
    if (!read.ok) throw new ClusterStartError(`The cluster's snapshot in Redis is unusable (${read.reason}); this node cannot start.`);
    if (read.snapshot.epoch !== log.epoch) throw new ClusterStartError(`The cluster's snapshot belongs to epoch ${read.snapshot.epoch}, not ${log.epoch}.`);
    restore = read.snapshot;
  }
  // The ids every replica generates: the cluster's prefix and one counter, carried in snapshots.
  let idCounter = restore?.idCounter ?? 0;
  const replica = createEngineHost(
    (engineClock) =>
      createChatEngine({
        clock: engineClock,
        ids: () => `${log.header.ids}${(++idCounter).toString(36)}`,
        directory: options.directory,
        ...(options.config ? { config: options.config } : {}),
        ...(restore ? { restore: restore.engine } : {}),
      }),
    log.epoch,
    {
      // Deadlines become ticks in the shared log (the ticker below), never local timers.
      timers: { now: () => clock.now(), at: () => () => {}, later: (callback) => setImmediate(callback) },
      // Events go out as text: each is encoded once, and the resume logs keep that text.
      encodedLogs: true,
      ...(options.logLimit !== undefined ? { logLimit: options.logLimit } : {}),
      ...(options.logMaxAgeMs !== undefined ? { logMaxAgeMs: options.logMaxAgeMs } : {}),
      onEngineError: (input, error) => logger({ level: 'error', event: 'engine-error', input: input.t, message: error.message }),
    },
  );
  // Engine time starts where the log does, on every node alike.
  replica.reset(log.epoch, restore?.at ?? log.header.createdAt);

  /** The state as a snapshot, in the one-node server's format. */
  const snapshotNow = (): SnapshotFile => ({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    epoch: log.epoch,
    ids: log.header.ids,
    idCounter,
    at: replica.engineTime,
    createdAt: log.header.createdAt,
    segment: 0,
    config: replica.engine.config,
    directory: log.header.directory,
    engine: replica.engine.exportState(),
  });

  let applied = stored?.id ?? '0-0';
  /** The number of the last input applied: the next must be one more, or inputs were lost to this node. */
  let lastSeq = stored?.seq ?? 0;
  let sinceSnapshot = 0;
  let snapshotId = stored?.id;
  let diverged: string | undefined;
  let tickTimer: (() => void) | undefined;
  let holdsTicker = false;
  /** A tick this node appended and has not seen applied yet: one is enough. */
  let tickInFlight = false;
  let closed = false;
  let requests = 0;
  const pending = new Map<number, (result: CommandResult) => void>();
  /** Waiters for "this node has applied at least input X". */
  const caughtUp: Array<{ id: string; resolve: () => void }> = [];

  function applyOne(input: LoggedInput): void {
    if (diverged) return;
    if (input.seq !== lastSeq + 1) {
      diverged = `the log skips from input ${lastSeq} to ${input.seq}: it was trimmed past what this node applied`;
      logger({ level: 'error', event: 'cluster-node-diverged', node: nodeId, reason: diverged });
      return;
    }
    const result = replica.applyRecorded(input.entry);
    applied = input.id;
    lastSeq = input.seq;
    sinceSnapshot++;
    if (input.entry.t === 'tick') tickInFlight = false;
    if (input.origin?.node === nodeId) {
      pending.get(input.origin.request)?.(result);
      pending.delete(input.origin.request);
    }
  }

  // --- the pump: read the log in order and apply it ------------------------------------
  const started = Date.now();
  let replayed = 0;
  for (;;) {
    const batch = await log.read(applied, 5000, false);
    if (batch.length === 0) break;
    for (const input of batch) applyOne(input);
    replayed += batch.length;
    if (diverged) {
      await log.close();
      throw new ClusterStartError(`This node cannot follow the cluster's log: ${diverged}.`);
    }
  }
  logger({ level: 'info', event: 'cluster-caught-up', node: nodeId, epoch: log.epoch, applied, snapshot: stored !== undefined, replayed, ms: Date.now() - started });

  const pump = (async () => {
    while (!closed && !diverged) {
      try {
        const batch = await log.read(applied);
        for (const input of batch) applyOne(input);
        // At start-up a gap is a ClusterStartError; from here on the node tells its owner.
        if (diverged) {
          onFatal(diverged);
          break;
        }
        for (let i = caughtUp.length - 1; i >= 0; i--) {
          if (compareStreamIds(caughtUp[i]!.id, applied) <= 0) caughtUp.splice(i, 1)[0]!.resolve();
        }
        if (batch.length > 0) armTicker();
        if (holdsTicker && compactEvery > 0 && sinceSnapshot >= compactEvery) await compact();
      } catch (error) {
        if (closed) break;
        logger({ level: 'error', event: 'cluster-read-failed', node: nodeId, message: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  })();

  /**
   * Stores a snapshot as of the last applied input, then trims the log before the previous
   * snapshot, never past what a live node has not applied yet.
   */
  async function compact(): Promise<void> {
    sinceSnapshot = 0;
    const at = { id: applied, seq: lastSeq };
    try {
      if (!(await log.saveSnapshot(at.id, at.seq, JSON.stringify(snapshotNow())))) return;
      const keep = [snapshotId ?? '0-0', ...(await log.liveApplied(Date.now() - LIVE_NODE_MS))];
      snapshotId = at.id;
      const oldest = keep.reduce((a, b) => (compareStreamIds(a, b) <= 0 ? a : b));
      const trimmed = oldest === '0-0' ? 0 : await log.trimBefore(oldest);
      logger({ level: 'info', event: 'cluster-compacted', node: nodeId, snapshot: at.id, trimmed });
    } catch (error) {
      logger({ level: 'error', event: 'cluster-compaction-failed', node: nodeId, message: (error as Error).message });
    }
  }

  /** Resolves once this node has applied everything in the log as of now. */
  async function catchUp(): Promise<void> {
    // A sign-in should not fail on one Redis call made while a connection is being replaced:
    // ask again until the command deadline, as the pump does.
    const until = Date.now() + commandTimeoutMs;
    let head: string;
    for (;;) {
      try {
        head = await log.head();
        break;
      } catch (error) {
        if (closed || Date.now() >= until) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    if (compareStreamIds(head, applied) <= 0) return;
    await new Promise<void>((resolve) => caughtUp.push({ id: head, resolve }));
  }

  // --- deadlines: the ticker lease holder appends ticks --------------------------------
  const renewLease = () =>
    log
      .reportApplied(nodeId, applied, Date.now())
      .then(() => log.holdTicker(nodeId, tickerLeaseMs))
      .then((held) => {
        if (held && !holdsTicker) logger({ level: 'info', event: 'cluster-ticker', node: nodeId });
        holdsTicker = held;
        armTicker();
      })
      .catch(() => (holdsTicker = false));
  const leaseTimer = setInterval(renewLease, Math.max(50, Math.floor(tickerLeaseMs / 3)));
  leaseTimer.unref();
  void renewLease();

  function tick(): void {
    if (tickInFlight) return;
    tickInFlight = true;
    log.append({ t: 'tick', at: clock.now() }).catch((error: Error) => {
      tickInFlight = false;
      logger({ level: 'error', event: 'cluster-tick-failed', node: nodeId, message: error.message });
      setTimeout(armTicker, RETRY_MS).unref();
    });
  }

  function armTicker(): void {
    tickTimer?.();
    tickTimer = undefined;
    const deadline = replica.engine.nextDeadline();
    if (closed || !holdsTicker || deadline === undefined) return;
    // Already due (the lease just came to this node, or the clock moved on meanwhile).
    if (clock.now() >= deadline) return tick();
    tickTimer = clock.setTimer(() => {
      tickTimer = undefined;
      if (closed || !holdsTicker) return;
      if (clock.now() < deadline) return armTicker();
      tick();
    }, deadline - clock.now());
  }

  const inFlight = new Set<Promise<CommandResult>>();

  async function run(actor: UserId, command: Command): Promise<CommandResult> {
    if (diverged) return { ok: false, error: { code: 'not-connected', message: 'This server lost track of the cluster and is restarting; reconnect.' } };
    if (closed) return { ok: false, error: { code: 'not-connected', message: 'The server is shutting down; try again shortly.' } };
    const request = ++requests;
    const answered = new Promise<CommandResult>((resolve) => pending.set(request, resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<CommandResult>((resolve) => {
      timer = setTimeout(() => {
        pending.delete(request);
        // The input may still be in the log: a re-sent command id is answered with its first result.
        resolve({ ok: false, error: { code: 'not-connected', message: 'The cluster did not answer in time; send the command again.' } });
      }, commandTimeoutMs);
    });
    try {
      await log.append({ t: 'cmd', at: clock.now(), actor, command }, { node: nodeId, request });
    } catch (error) {
      pending.delete(request);
      clearTimeout(timer);
      logger({ level: 'error', event: 'cluster-append-failed', node: nodeId, message: (error as Error).message });
      return { ok: false, error: { code: 'not-connected', message: 'The server could not record the command, so it was not applied. Send it again.' } };
    }
    const result = await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    return result;
  }

  // Before the first connection: the first search must not stall every user for the build.
  replica.prepareDirectory();

  return {
    nodeId,
    get epoch() {
      return log.epoch;
    },
    get engine() {
      return replica.engine;
    },
    get applied() {
      return applied;
    },
    execute(actor, command, reply) {
      const answer = run(actor, command);
      inFlight.add(answer);
      void answer.then((result) => {
        inFlight.delete(answer);
        reply?.(result);
      });
    },
    afterPending(callback) {
      if (inFlight.size === 0) callback();
      else void Promise.allSettled([...inFlight]).then(callback);
    },
    run,
    async attach(userId, subscriber, resumeFrom) {
      // A position handed out by another node may be ahead of this replica: catch up first,
      // so resume neither misses events nor mistakes a live position for a lost one.
      await catchUp();
      return replica.attach(userId, subscriber, resumeFrom);
    },
    // Every node replays every input into its own replica, so each one answers searches and
    // tells its own watchers; nothing about watching crosses Redis.
    current: catchUp,
    searchDirectory: (userId, query) => replica.searchDirectory(userId, query),
    watcher: (userId, onChange) => replica.watcher(userId, onChange),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(leaseTimer);
      tickTimer?.();
      for (const waiter of caughtUp.splice(0)) waiter.resolve();
      await log.close();
      await pump.catch(() => {});
      replica.close();
    },
  };
}
