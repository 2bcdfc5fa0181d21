import { createHash, randomBytes } from 'node:crypto';
import { resolveConfig } from '../../src/engine/config.js';
import type { Command, CommandResult, DirectoryEntry, EngineConfig, UserId } from '../../src/engine/types.js';
import type { StreamPosition } from '../../src/transport/types.js';
import { createChatHub, type StreamSubscriber } from '../chat-hub.js';
import type { ServerClock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Attached, EngineHub } from '../hub.js';
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
}

export interface ClusterHub extends EngineHub {
  readonly nodeId: string;
  /** Runs the command and resolves with its result once this node's replica applied it. */
  run(actor: UserId, command: Command): Promise<CommandResult>;
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): Promise<Attached>;
  /** The id of the last input this node applied. */
  readonly applied: string;
  /** When the engine next has something due (a time-out), if ever. */
  nextDeadline(): number | undefined;
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
  const replica = createChatHub({
    directory: options.directory,
    ...(options.config ? { config: options.config } : {}),
    clock,
    logger,
    ...(options.logLimit !== undefined ? { logLimit: options.logLimit } : {}),
    ...(options.logMaxAgeMs !== undefined ? { logMaxAgeMs: options.logMaxAgeMs } : {}),
    replica: log.header,
  });

  let applied = '0-0';
  /** A tick this node appended and has not seen applied yet: one is enough. */
  let tickInFlight = false;
  let closed = false;
  let requests = 0;
  const pending = new Map<number, (result: CommandResult) => void>();
  /** Waiters for "this node has applied at least input X". */
  const caughtUp: Array<{ id: string; resolve: () => void }> = [];

  function applyOne(input: LoggedInput): void {
    const result = replica.applyInput(input.entry);
    applied = input.id;
    if (input.entry.t === 'tick' && input.origin === undefined) tickInFlight = false;
    if (input.origin?.node === nodeId) {
      pending.get(input.origin.request)?.(result);
      pending.delete(input.origin.request);
    }
  }

  // --- the pump: read the log in order and apply it ------------------------------------
  const started = Date.now();
  for (;;) {
    const batch = await log.read(applied, 5000, false);
    if (batch.length === 0) break;
    for (const input of batch) applyOne(input);
  }
  logger({ level: 'info', event: 'cluster-caught-up', node: nodeId, epoch: log.epoch, applied, ms: Date.now() - started });

  const pump = (async () => {
    while (!closed) {
      try {
        const batch = await log.read(applied);
        for (const input of batch) applyOne(input);
        for (let i = caughtUp.length - 1; i >= 0; i--) {
          if (compareStreamIds(caughtUp[i]!.id, applied) <= 0) caughtUp.splice(i, 1)[0]!.resolve();
        }
        if (batch.length > 0) armTicker();
      } catch (error) {
        if (closed) break;
        logger({ level: 'error', event: 'cluster-read-failed', node: nodeId, message: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  })();

  /** Resolves once this node has applied everything in the log as of now. */
  async function catchUp(): Promise<void> {
    const head = await log.head();
    if (compareStreamIds(head, applied) <= 0) return;
    await new Promise<void>((resolve) => caughtUp.push({ id: head, resolve }));
  }

  // --- deadlines: the ticker lease holder appends ticks --------------------------------
  let tickTimer: (() => void) | undefined;
  let holdsTicker = false;
  const renewLease = () =>
    log
      .holdTicker(nodeId, tickerLeaseMs)
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
    const deadline = replica.nextDeadline();
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
    nextDeadline: () => replica.nextDeadline(),
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
