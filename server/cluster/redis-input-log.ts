import { createClient, type RedisClientType } from 'redis';
import { isJournalInput, type JournalHeader, type JournalInput } from '../persistence.js';

/** What every node of a cluster must agree on before it applies the log. */
export type ClusterHeader = Pick<JournalHeader, 'epoch' | 'ids' | 'createdAt' | 'config' | 'directory'> & { t: 'cluster'; version: 1 };

/**
 * The cluster's truth: one Redis Stream of the engine's INPUTS (the same entries as the
 * file journal), in the order Redis accepted them. The engine is deterministic, so every
 * node that applies the stream in order holds the same state, ids and per-user positions;
 * no node needs to be "the writer" for a command to be applied exactly once and in one
 * order. XADD is atomic, so a node that dies mid-command leaves all (the entry is in the
 * stream and every node applies it) or nothing (the client re-sends the same command id,
 * which the engine answers with the first result).
 *
 * Keys, under `prefix` (default `wc:`):
 *   header    the journal header (epoch, id prefix, config, directory hash), set once (SET NX)
 *   journal   the input stream; entry fields `s` = sequence number (1, 2, 3, … with no gap),
 *             `e` = JSON of a JournalInput, `o` = origin node/request
 *   seq       the last sequence number handed out (INCR in the same script as the XADD)
 *   snapshot  the latest engine snapshot: hash {id, seq, data}, replaced only by a later id (Lua)
 *   nodes     hash node → "<last applied id>|<ms>": how far each live node has read, so
 *             trimming never drops what a live node has not applied yet
 *   ticker    the lease of the node that appends deadline ticks (SET NX PX)
 *
 * The sequence numbers let a reader prove it missed nothing: a trimmed stream silently
 * starts later than asked, but not with the number that was due.
 */
export interface LoggedInput {
  /** The stream entry id: the input's place in the total order. */
  id: string;
  /** 1 for the first input ever appended, then one more for each. */
  seq: number;
  entry: JournalInput;
  /** Which node appended it and that node's request number, so the node can answer its caller. */
  origin?: { node: string; request: number };
}

export interface RedisInputLogOptions {
  url: string;
  prefix?: string;
  /** How long one blocking read waits before returning nothing (default 1,000 ms). */
  blockMs?: number;
  /**
   * How long any Redis call may take (default 3,000 ms; a blocking read gets this on top of
   * `blockMs`). Past it the connection is dropped and a new one made: a Redis behind a
   * partition that swallows traffic would otherwise hold every later call on that
   * connection forever.
   */
  opTimeoutMs?: number;
}

export class RedisLogError extends Error {
  constructor(
    readonly code: 'header-mismatch' | 'malformed-entry' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'RedisLogError';
  }
}

/** Compares two stream ids ("ms-seq"); -1, 0 or 1. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

// Replaces the snapshot only with one taken at a later stream id, so a slow node cannot
// overwrite a newer snapshot with an older one.
const SAVE_SNAPSHOT = `
local current = redis.call('HGET', KEYS[1], 'id')
if current then
  local cm, cs = string.match(current, '(%d+)-(%d+)')
  local nm, ns = string.match(ARGV[1], '(%d+)-(%d+)')
  cm, cs, nm, ns = tonumber(cm), tonumber(cs), tonumber(nm), tonumber(ns)
  if nm < cm or (nm == cm and ns <= cs) then return 0 end
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'seq', ARGV[2], 'data', ARGV[3])
return 1
`;

// Numbers the input and appends it in one step, so the numbers follow the stream's order.
const APPEND = `
local seq = redis.call('INCR', KEYS[2])
if ARGV[2] == '' then
  return redis.call('XADD', KEYS[1], '*', 's', seq, 'e', ARGV[1])
end
return redis.call('XADD', KEYS[1], '*', 's', seq, 'e', ARGV[1], 'o', ARGV[2])
`;

// Renews the ticker lease only for its holder (a plain SET would let a node that paused
// past its lease take it back from the node that took over).
const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

type Keys = { header: string; journal: string; seq: string; snapshot: string; nodes: string; ticker: string };

/**
 * A connection that is replaced when it stops answering: calls are outstanding and none has
 * settled for `timeoutMs` (plus the time a blocking read may wait). A busy Redis or a busy
 * node still makes progress and keeps its connection; a partition that swallows traffic
 * does not, and every call waiting on it fails so the caller can retry on a new one.
 */
class Connection {
  private client: RedisClientType | undefined;
  private connecting: Promise<RedisClientType> | undefined;
  private closed = false;
  private outstanding = new Set<(error: RedisLogError) => void>();
  private lastProgress = Date.now();
  private allowanceMs = 0;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {
    const every = Math.max(50, Math.floor(timeoutMs / 4));
    let expected = Date.now() + every;
    this.watchdog = setInterval(() => {
      const now = Date.now();
      // This node itself was stalled (a long GC, a SIGSTOP, a saturated core): replies may be
      // waiting unread in the socket, so that time says nothing about Redis.
      if (now - expected > every) this.lastProgress = now;
      expected = now + every;
      if (this.outstanding.size > 0 && now - this.lastProgress > this.timeoutMs + this.allowanceMs) this.recycle();
    }, every);
    this.watchdog.unref();
  }

  async run<T>(call: (client: RedisClientType) => Promise<T>, extraMs = 0): Promise<T> {
    if (this.closed) throw new RedisLogError('unavailable', 'The Redis log is closed.');
    const client = await this.open();
    if (this.outstanding.size === 0) this.lastProgress = Date.now();
    this.allowanceMs = Math.max(this.allowanceMs, extraMs);
    let fail!: (error: RedisLogError) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    this.outstanding.add(fail);
    try {
      return await Promise.race([call(client), failed]);
    } catch (error) {
      if (error instanceof RedisLogError) throw error;
      throw new RedisLogError('unavailable', `Redis refused or dropped the call: ${(error as Error).message}`);
    } finally {
      this.outstanding.delete(fail);
      this.lastProgress = Date.now();
      if (this.outstanding.size === 0) this.allowanceMs = 0;
    }
  }

  /** Whatever the calls in flight did is unknown: drop the connection; callers retry on a new one. */
  private recycle(): void {
    const client = this.client;
    this.client = undefined;
    client?.destroy();
    const waiting = [...this.outstanding];
    this.outstanding.clear();
    for (const fail of waiting) fail(new RedisLogError('unavailable', `Redis answered nothing for ${this.timeoutMs} ms; the connection was replaced.`));
  }

  private open(): Promise<RedisClientType> {
    if (this.client?.isReady) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      this.client?.destroy();
      this.client = undefined;
      const client = createClient({
        url: this.url,
        // Fail fast while Redis is away instead of queueing calls that would answer too late.
        disableOfflineQueue: true,
        socket: { connectTimeout: this.timeoutMs, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
      }) as RedisClientType;
      // Without a listener node-redis rethrows connection errors as uncaught; reconnecting is its job.
      client.on('error', () => {});
      try {
        await client.connect();
      } catch (error) {
        client.destroy();
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    this.client?.destroy();
    this.client = undefined;
  }
}

export class RedisInputLog {
  private constructor(
    private readonly client: Connection,
    /** A second connection: XREAD BLOCK holds its connection until it answers. */
    private readonly reader: Connection,
    readonly header: ClusterHeader,
    private readonly keys: Keys,
    private readonly blockMs: number,
  ) {}

  /**
   * Connects and agrees on the header: the first node to start writes `proposed`; every
   * later node takes the stored one (its epoch and id prefix) after checking that its
   * configuration and directory match, since replaying inputs on another directory or
   * configuration would not rebuild the same state.
   */
  static async open(options: RedisInputLogOptions, proposed: ClusterHeader): Promise<RedisInputLog> {
    const prefix = options.prefix ?? 'wc:';
    const keys: Keys = {
      header: `${prefix}header`,
      journal: `${prefix}journal`,
      seq: `${prefix}seq`,
      snapshot: `${prefix}snapshot`,
      nodes: `${prefix}nodes`,
      ticker: `${prefix}ticker`,
    };
    const timeoutMs = options.opTimeoutMs ?? 3000;
    const client = new Connection(options.url, timeoutMs);
    const reader = new Connection(options.url, timeoutMs);
    let stored: ClusterHeader | null;
    try {
      stored = await client.run(async (redis) => {
        await redis.set(keys.header, JSON.stringify(proposed), { condition: 'NX' });
        return JSON.parse((await redis.get(keys.header)) ?? 'null') as ClusterHeader | null;
      });
    } catch (error) {
      client.close();
      throw error;
    }
    if (!stored) throw new RedisLogError('unavailable', 'The journal header could not be read back from Redis.');
    if (stored.directory !== proposed.directory || JSON.stringify(stored.config) !== JSON.stringify(proposed.config)) {
      client.close();
      throw new RedisLogError(
        'header-mismatch',
        `This node's ${stored.directory !== proposed.directory ? 'directory' : 'engine configuration'} differs from the cluster's (epoch ${stored.epoch}); start every node with the same one.`,
      );
    }
    return new RedisInputLog(client, reader, stored, keys, options.blockMs ?? 1000);
  }

  get epoch(): string {
    return this.header.epoch;
  }

  /** Appends one input and answers its stream id. Resolves only once Redis has it. */
  async append(entry: JournalInput, origin?: { node: string; request: number }): Promise<string> {
    const args = [JSON.stringify(entry), origin ? `${origin.node}:${origin.request}` : ''];
    return this.client.run(async (redis) => String(await redis.eval(APPEND, { keys: [this.keys.journal, this.keys.seq], arguments: args })));
  }

  /**
   * The inputs after `afterId` ("0-0" for all), at most `count`, waiting up to the block time
   * when there are none yet. An entry that does not parse is a fault of whoever wrote it:
   * it is reported, not skipped, since applying around it would let the nodes drift.
   */
  async read(afterId: string, count = 1000, block = true): Promise<LoggedInput[]> {
    const reply = await this.reader.run(
      (redis) => redis.xRead({ key: this.keys.journal, id: afterId }, block ? { COUNT: count, BLOCK: this.blockMs } : { COUNT: count }),
      block ? this.blockMs : 0,
    );
    if (!reply) return [];
    const streams = reply as unknown as Array<{ messages: Array<{ id: string; message: Record<string, string> }> }>;
    return (streams[0]?.messages ?? []).map(({ id, message }) => parseLogged(id, message));
  }

  /** The id of the last input in the stream ("0-0" when empty). */
  async head(): Promise<string> {
    const last = await this.client.run((redis) => redis.xRevRange(this.keys.journal, '+', '-', { COUNT: 1 }));
    return last?.[0]?.id ?? '0-0';
  }

  /** Stores an engine snapshot taken after applying input `id` (number `seq`), unless a later one is stored. */
  async saveSnapshot(id: string, seq: number, data: string): Promise<boolean> {
    const saved = await this.client.run((redis) => redis.eval(SAVE_SNAPSHOT, { keys: [this.keys.snapshot], arguments: [id, String(seq), data] }));
    return saved === 1;
  }

  async loadSnapshot(): Promise<{ id: string; seq: number; data: string } | undefined> {
    const stored = await this.client.run((redis) => redis.hGetAll(this.keys.snapshot));
    return stored.id && stored.data !== undefined ? { id: stored.id, seq: Number(stored.seq), data: stored.data } : undefined;
  }

  /** Tells the cluster how far this node has applied the log (trimming keeps what it has not). */
  async reportApplied(node: string, id: string, now: number): Promise<void> {
    await this.client.run((redis) => redis.hSet(this.keys.nodes, node, `${id}|${now}`));
  }

  /** The last applied id of every node that reported since `since` (ms). */
  async liveApplied(since: number): Promise<string[]> {
    const all = await this.client.run((redis) => redis.hGetAll(this.keys.nodes));
    return Object.values(all).flatMap((value) => {
      const [id, at] = String(value).split('|');
      return id && Number(at) >= since ? [id] : [];
    });
  }

  /**
   * Drops inputs before `id` (a snapshot at or after it must be stored first). A node still
   * behind that point finds its next read starts later than it asked and reloads the snapshot.
   */
  async trimBefore(id: string): Promise<number> {
    return this.client.run((redis) => redis.xTrim(this.keys.journal, 'MINID', id));
  }

  /** The first input still in the stream ("0-0" when empty). */
  async tail(): Promise<string> {
    const first = await this.client.run((redis) => redis.xRange(this.keys.journal, '-', '+', { COUNT: 1 }));
    return first?.[0]?.id ?? '0-0';
  }

  /** Takes or renews the ticker lease for `node`; true while this node holds it. */
  async holdTicker(node: string, leaseMs: number): Promise<boolean> {
    return this.client.run(async (redis) => {
      const taken = await redis.set(this.keys.ticker, node, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } });
      if (taken === 'OK') return true;
      return (await redis.eval(RENEW_LEASE, { keys: [this.keys.ticker], arguments: [node, String(leaseMs)] })) === 1;
    });
  }

  /** Closes both connections at once: a call in flight is abandoned, not awaited. */
  async close(): Promise<void> {
    this.reader.close();
    this.client.close();
  }
}

function parseLogged(id: string, message: Record<string, string>): LoggedInput {
  let entry: unknown;
  try {
    entry = JSON.parse(message.e ?? '');
  } catch {
    entry = undefined;
  }
  if (!isJournalInput(entry)) throw new RedisLogError('malformed-entry', `Journal entry ${id} is not a valid input.`);
  const seq = Number(message.s);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RedisLogError('malformed-entry', `Journal entry ${id} has no sequence number.`);
  const logged: LoggedInput = { id, seq, entry };
  const origin = /^(.+):(\d+)$/.exec(message.o ?? '');
  if (origin) logged.origin = { node: origin[1]!, request: Number(origin[2]) };
  return logged;
}
