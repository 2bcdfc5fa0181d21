import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RedisInputLog, RedisLogError, compareStreamIds } from '../../../server/cluster/redis-input-log.js';
import type { ClusterHeader } from '../../../server/cluster/redis-input-log.js';
import { startRedis, type TestRedis } from './redis-harness.js';

const header = (over: Partial<ClusterHeader> = {}): ClusterHeader => ({
  t: 'cluster',
  version: 1,
  epoch: `e-${Math.random().toString(36).slice(2)}`,
  ids: 'ab-',
  createdAt: 1000,
  config: { inviteTimeoutMs: 30_000 } as ClusterHeader['config'],
  directory: 'hash-1',
  ...over,
});

let redis: TestRedis;
let prefixCounter = 0;
const fresh = () => `t${++prefixCounter}:`;

describe('RedisInputLog (real redis-server)', { timeout: 60_000 }, () => {
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });

  it('the first node sets the header; a later node adopts its epoch and id prefix', async () => {
    const prefix = fresh();
    const a = await RedisInputLog.open({ url: redis.url, prefix }, header({ epoch: 'first', ids: 'aa-' }));
    const b = await RedisInputLog.open({ url: redis.url, prefix }, header({ epoch: 'second', ids: 'bb-' }));
    try {
      assert.equal(a.epoch, 'first');
      assert.equal(b.epoch, 'first');
      assert.equal(b.header.ids, 'aa-');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a node with another directory or configuration is refused with a typed error', async () => {
    const prefix = fresh();
    const a = await RedisInputLog.open({ url: redis.url, prefix }, header());
    try {
      await assert.rejects(
        RedisInputLog.open({ url: redis.url, prefix }, header({ directory: 'hash-2' })),
        (error: unknown) => error instanceof RedisLogError && error.code === 'header-mismatch' && /directory/.test(error.message),
      );
      await assert.rejects(
        RedisInputLog.open({ url: redis.url, prefix }, header({ config: { inviteTimeoutMs: 1 } as ClusterHeader['config'] })),
        (error: unknown) => error instanceof RedisLogError && /configuration/.test(error.message),
      );
    } finally {
      await a.close();
    }
  });

  it('inputs appended concurrently by two nodes are read in one order by every reader', async () => {
    const prefix = fresh();
    const a = await RedisInputLog.open({ url: redis.url, prefix, blockMs: 200 }, header());
    const b = await RedisInputLog.open({ url: redis.url, prefix, blockMs: 200 }, header());
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? a : b).append({ t: 'tick', at: i }, { node: i % 2 ? 'a' : 'b', request: i }),
        ),
      );
      const readAll = async (log: RedisInputLog) => {
        const seen = [];
        let cursor = '0-0';
        for (;;) {
          const batch = await log.read(cursor, 7, false);
          if (batch.length === 0) break;
          seen.push(...batch);
          cursor = batch.at(-1)!.id;
        }
        return seen;
      };
      const [fromA, fromB] = await Promise.all([readAll(a), readAll(b)]);
      assert.equal(fromA.length, 50);
      assert.deepEqual(fromA, fromB);
      for (let i = 1; i < fromA.length; i++) assert.equal(compareStreamIds(fromA[i - 1]!.id, fromA[i]!.id), -1);
      assert.deepEqual(fromA.map((input) => input.seq), Array.from({ length: 50 }, (_, i) => i + 1), 'numbered 1, 2, 3, … in stream order');
      assert.deepEqual(new Set(fromA.map((input) => input.origin!.request)).size, 50);
      assert.equal(await a.head(), fromA.at(-1)!.id);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a blocking read wakes when another node appends', async () => {
    const prefix = fresh();
    const a = await RedisInputLog.open({ url: redis.url, prefix, blockMs: 5000 }, header());
    const b = await RedisInputLog.open({ url: redis.url, prefix }, header());
    try {
      const waiting = a.read(await a.head());
      await b.append({ t: 'cmd', at: 5, actor: 'kate', command: { type: 'set-presence', commandId: 'c1', channel: 'chat', presence: 'ready' } as never });
      const [input] = await waiting;
      assert.equal(input?.entry.t, 'cmd');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('an entry that is not an input is reported, never skipped', async () => {
    const prefix = fresh();
    const log = await RedisInputLog.open({ url: redis.url, prefix }, header());
    try {
      const { createClient } = await import('redis');
      const raw = createClient({ url: redis.url });
      await raw.connect();
      await raw.xAdd(`${prefix}journal`, '*', { e: '{"t":"cmd"}' });
      await raw.quit();
      await assert.rejects(log.read('0-0', 10, false), (error: unknown) => error instanceof RedisLogError && error.code === 'malformed-entry');
    } finally {
      await log.close();
    }
  });

  it('a snapshot is replaced only by a later one; trimming drops inputs before it', async () => {
    const prefix = fresh();
    const log = await RedisInputLog.open({ url: redis.url, prefix }, header());
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await log.append({ t: 'tick', at: i }));
      assert.equal(await log.saveSnapshot(ids[3]!, 4, 'at-3'), true);
      assert.equal(await log.saveSnapshot(ids[1]!, 2, 'at-1'), false, 'an older snapshot must not replace a newer one');
      assert.deepEqual(await log.loadSnapshot(), { id: ids[3], seq: 4, data: 'at-3' });
      await log.trimBefore(ids[3]!);
      assert.equal(await log.tail(), ids[3]);
      const rest = await log.read('0-0', 10, false);
      assert.deepEqual(rest.map((input) => input.id), ids.slice(3));
      // A reader that asked from the start sees the numbering jump: it knows it missed 1 to 3.
      assert.equal(rest[0]!.seq, 4);
    } finally {
      await log.close();
    }
  });

  it('one node holds the ticker lease at a time; another takes it when it lapses', async () => {
    const prefix = fresh();
    const log = await RedisInputLog.open({ url: redis.url, prefix }, header());
    try {
      assert.equal(await log.holdTicker('n1', 300), true);
      assert.equal(await log.holdTicker('n2', 300), false);
      assert.equal(await log.holdTicker('n1', 300), true, 'the holder renews');
      const deadline = Date.now() + 10_000;
      while (!(await log.holdTicker('n2', 300))) {
        assert.ok(Date.now() < deadline, 'n2 never took the lapsed lease');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(await log.holdTicker('n1', 300), false, 'the old holder cannot renew a lease it lost');
    } finally {
      await log.close();
    }
  });

  it('every acknowledged input survives redis-server being killed (appendfsync always)', async () => {
    const own = await startRedis();
    const proposed = header();
    let log = await RedisInputLog.open({ url: own.url }, proposed);
    const acknowledged = [];
    for (let i = 0; i < 20; i++) acknowledged.push(await log.append({ t: 'tick', at: i }));
    await log.close();
    await own.stop({ hard: true, keepData: true });
    const again = await own.restart();
    try {
      log = await RedisInputLog.open({ url: again.url }, header());
      assert.equal(log.epoch, proposed.epoch);
      const read = await log.read('0-0', 100, false);
      assert.deepEqual(read.map((input) => input.id), acknowledged);
      await log.close();
    } finally {
      await again.stop();
    }
  });
});
