// Compaction that never stops the event loop for the whole state: the new journal segment
// starts at once, the snapshot of that instant is written in slices in the background, and
// start-up recovers from a crash at every step of it (server/README.md, "Compaction").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandResult, UserId } from '../../../src/engine/types.js';
import { createChatHub, type ChatHub, type ChatHubOptions } from '../../../server/chat-hub.js';
import { createManualClock } from '../../../server/clock.js';
import type { LogEntry } from '../../../server/logger.js';
import { runUntilKilled } from './killed-child.js';
import { inTempDir } from '../support/temp-dir.js';
import { queueDirectory } from '../support/queue-directory.js';
import { nodeBackgroundFs, nodeJournalFs, type BackgroundFs, type JournalFs } from '../../../server/persistence.js';

const AGENTS = 10;
const CONTACTS = 100;

/** Ten agents, each with a queue of their own, and a hundred contacts. */
const bigDirectory = () => queueDirectory(AGENTS, CONTACTS);

function open(dataDir: string, more: Partial<ChatHubOptions> = {}) {
  const logs: LogEntry[] = [];
  const hub = createChatHub({
    directory: bigDirectory(),
    config: { afterCallWork: { mode: 'none', durationMs: 0 } },
    clock: createManualClock(Date.UTC(2026, 0, 1)),
    logger: (entry) => logs.push(entry),
    dataDir,
    bootId: 'boot-1',
    compactEvery: 0,
    ...more,
  });
  return { hub, logs };
}

/** Sends a command and answers its result now (flushing a durable hub's batch). */
function now(hub: ChatHub, actor: UserId, command: Command): Record<string, string> {
  let answer: CommandResult | undefined;
  hub.execute(actor, command, (result) => (answer = result));
  hub.flush();
  assert.ok(answer?.ok, `${actor} ${command.type}: ${answer && !answer.ok ? answer.error.message : 'no answer'}`);
  return (answer.value ?? {}) as Record<string, string>;
}

/** Sends a command and resolves with its result once the hub answers it (a durable hub: after its flush). */
function answered(hub: ChatHub, actor: UserId, command: Command): Promise<CommandResult> {
  return new Promise((resolve) => hub.execute(actor, command, resolve));
}

/** A chat per contact, each with `messages` texts of a kilobyte: about `contacts × messages` KB of state. */
function fill(hub: ChatHub, contacts: number, messages: number): string[] {
  const text = 'x'.repeat(1000);
  const sessions: string[] = [];
  for (let c = 0; c < contacts; c++) {
    const { sessionId, invitationId } = now(hub, `contact-${c}`, { type: 'start-chat', subject: `Order ${c}`, targetId: `queue-${c % AGENTS}` });
    now(hub, `agent-${c % AGENTS}`, { type: 'accept-invitation', invitationId: invitationId! });
    for (let m = 0; m < messages; m++) now(hub, m % 2 ? `agent-${c % AGENTS}` : `contact-${c}`, { type: 'send-message', sessionId: sessionId!, text: `${m} ${text}` });
    sessions.push(sessionId!);
  }
  return sessions;
}

/** Every message text of a session, as its agent sees it. */
function texts(hub: ChatHub, sessionIndex: number, sessionId: string): string[] {
  const session = hub.engine.snapshot(`agent-${sessionIndex % AGENTS}`).sessions.find((s) => s.id === sessionId);
  return (session?.transcript ?? []).filter((e) => e.kind === 'message').map((e) => e.text);
}

const PREFIX = 'wc-compact-';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), PREFIX));
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('compaction in the background', () => {
  it('commands are applied and answered while a large snapshot is written; what they did is in the new segment, not the snapshot', async () => {
    await inTempDir(PREFIX, async (dir) => {
      // About 4 MB of state, written durably: each answer waits for its batch's flush.
      const { hub: building } = open(dir);
      const sessions = fill(building, 100, 40);
      building.close();
      const { hub, logs } = open(dir, { fsync: true });
      let done = false;
      const compacted = hub.compact().then(() => (done = true));
      const during: string[] = [];
      for (let i = 0; !done; i++) {
        const result = await answered(hub, 'contact-0', { type: 'send-message', sessionId: sessions[0]!, text: `during ${i}` });
        assert.ok(result.ok, 'answered while the snapshot is written');
        if (!done) during.push(`during ${i}`);
      }
      await compacted;
      const entry = logs.find((l) => l.event === 'compacted');
      assert.ok(entry, `compacted (${JSON.stringify(logs.filter((l) => l.level !== 'info'))})`);
      assert.ok((entry.slices as number) > 1, `written in slices (${String(entry.slices)})`);
      assert.ok(during.length >= 3, `commands were answered before the snapshot was done (${during.length})`);
      // The snapshot holds the state when the compaction began: what came after is in the new segment only.
      const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as { segment: number; engine: { sessions: { id: string; transcript: { text?: string }[] }[] } };
      const inSnapshot = snapshot.engine.sessions.find((s) => s.id === sessions[0])!.transcript.map((e) => e.text);
      const applied = during.filter((text) => !inSnapshot.includes(text));
      assert.ok(applied.length >= 1, 'some commands were applied after the capture and answered before the snapshot was on disk');
      const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
      assert.equal(JSON.parse(journal.split('\n')[0]!).segment, snapshot.segment, 'journal.jsonl continues the new snapshot');
      for (const text of applied) assert.ok(journal.includes(`"${text}"`), `${text} is in the new segment`);
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('journal-') || n.endsWith('.writing')), [], 'no segment or temporary file left');
      hub.close();

      const { hub: back } = open(dir, { fsync: true });
      const all = texts(back, 0, sessions[0]!);
      for (const text of during) assert.equal(all.filter((t) => t === text).length, 1, `${text} once after a restart`);
      assert.equal(all.filter((t) => !t.startsWith('during ')).length, 40, 'the messages from before are all there');
      back.close();
    });
  });

  it('a crash at any step of a compaction (a copy of the data directory then) recovers every acknowledged command exactly once', async () => {
    const dir = tempDir();
    const copies: { dir: string; acknowledged: string[]; step: string }[] = [];
    try {
      const { hub: building } = open(dir);
      const sessions = fill(building, 30, 30);
      building.close();
      const acknowledged: string[] = [];
      let hub: ChatHub | undefined;
      let sent = 0;
      const send = async () => {
        const text = `m${sent++}`;
        const result = await answered(hub!, 'contact-1', { type: 'send-message', sessionId: sessions[1]!, text });
        if (result.ok) acknowledged.push(text);
      };
      // Before every file call the compaction makes off the event loop: one more acknowledged
      // command, then a copy of the directory, as a crash at that instant would leave it.
      const crashing: BackgroundFs = {
        open: async (path, flags, mode) => {
          await step(`open ${path.split('/').at(-1)}`);
          return nodeBackgroundFs.open(path, flags, mode);
        },
        write: async (fd, buffer, offset, length) => {
          await step('write');
          return nodeBackgroundFs.write(fd, buffer, offset, length);
        },
        fsync: async (fd) => {
          await step('fsync');
          return nodeBackgroundFs.fsync(fd);
        },
        close: (fd) => nodeBackgroundFs.close(fd),
      };
      let writes = 0;
      async function step(name: string): Promise<void> {
        if (name === 'write' && ++writes % 4 !== 1) return;
        await send();
        const copy = `${dir}-${copies.length}`;
        cpSync(dir, copy, { recursive: true });
        copies.push({ dir: copy, acknowledged: [...acknowledged], step: name });
      }
      ({ hub } = open(dir, { fsync: true, backgroundFs: crashing }));
      await send();
      await hub.compact();
      await send();
      hub.close();
      assert.ok(copies.length >= 8, `crash images at every step (${copies.map((c) => c.step).join(', ')})`);
      const shapes = copies.map((c) => readdirSync(c.dir).filter((n) => !n.endsWith('.tmp') && !n.endsWith('.writing')).sort().join(' '));
      // Every state the disk passes through: before the new segment, old snapshot-less journal and
      // the new segment, then the new snapshot beside both segments, then the new segment alone.
      for (const shape of ['journal.jsonl', 'journal-1.jsonl journal.jsonl', 'journal-1.jsonl journal.jsonl snapshot.json', 'journal.jsonl snapshot.json']) {
        assert.ok(shapes.includes(shape), `a crash image with ${shape} (${[...new Set(shapes)].join(' | ')})`);
      }

      for (const copy of copies) {
        const { hub: back, logs } = open(copy.dir, { fsync: true });
        assert.ok(!logs.some((l) => l.level === 'error'), `${copy.step}: recovered without an error (${JSON.stringify(logs.filter((l) => l.level === 'error'))})`);
        const all = texts(back, 1, sessions[1]!);
        for (const text of copy.acknowledged) assert.equal(all.filter((t) => t === text).length, 1, `${copy.step}: ${text} exactly once`);
        assert.equal(all.length, 30 + all.filter((t) => /^m\d+$/.test(t)).length, `${copy.step}: the chat's messages before the compaction are all there`);
        // It goes on, and a restart after that finds the same.
        now(back, 'contact-1', { type: 'send-message', sessionId: sessions[1]!, text: 'after' });
        await back.compact();
        back.close();
        const { hub: again } = open(copy.dir, { fsync: true });
        assert.deepEqual(texts(again, 1, sessions[1]!), [...all, 'after'], `${copy.step}: after a second restart`);
        again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const copy of copies) rmSync(copy.dir, { recursive: true, force: true });
    }
  });

  it('killed (SIGKILL) at points of a compaction, the server recovers every acknowledged command exactly once', async () => {
    // When to kill: as soon as the directory shows the compaction reached a step, two acknowledgements later.
    const points: [string, (files: string[]) => boolean][] = [
      ['started', () => true],
      ['new segment in place', (files) => files.includes('journal-1.jsonl')],
      ['snapshot being written', (files) => files.includes('snapshot.json.writing')],
      ['snapshot in place', (files) => files.includes('snapshot.json')],
    ];
    const atKill: string[] = [];
    for (const [point, reached] of points) {
      await inTempDir(PREFIX, async (dir) => {
        const { hub: building } = open(dir);
        const sessions = fill(building, 60, 40);
        building.close();
        // The child acknowledges messages (durably, one flush per batch) while it compacts.
        const script = `
          import { createChatHub } from ${JSON.stringify(new URL('../../../server/chat-hub.ts', import.meta.url).pathname)};
          import { createManualClock } from ${JSON.stringify(new URL('../../../server/clock.ts', import.meta.url).pathname)};
          const bigDirectory = () => JSON.parse(process.argv[3]);
          const hub = createChatHub({ directory: bigDirectory(), config: { afterCallWork: { mode: 'none', durationMs: 0 } }, clock: createManualClock(Date.UTC(2026, 0, 1)),
            logger: () => {}, dataDir: process.argv[1], bootId: 'boot-1', compactEvery: 0, fsync: true });
          void hub.compact();
          let i = 0;
          const next = () => hub.execute('contact-2', { type: 'send-message', sessionId: process.argv[2], text: 'k' + i }, (r) => {
            if (r.ok) process.stdout.write('ack k' + i + '\\n');
            i++;
            setTimeout(next, 1);
          });
          next();
        `;
        let reachedAt: number | undefined;
        const { acknowledged, killed } = await runUntilKilled(script, [dir, sessions[2]!, JSON.stringify(bigDirectory())], (acks) => {
          const files = readdirSync(dir);
          if (reachedAt === undefined && reached(files)) reachedAt = acks.length;
          if (reachedAt === undefined || acks.length < reachedAt + 2) return false;
          atKill.push(`${point}: ${files.sort().join(' ')}`);
          return true;
        });
        assert.ok(killed, `${point}: killed (the child stopped by itself otherwise)`);
        const { hub: back, logs } = open(dir, { fsync: true });
        assert.ok(!logs.some((l) => l.level === 'error'), JSON.stringify(logs.filter((l) => l.level === 'error')));
        const all = texts(back, 2, sessions[2]!);
        for (const text of acknowledged) assert.equal(all.filter((t) => t === text).length, 1, `killed at ${point}: ${text} exactly once`);
        assert.equal(all.filter((t) => !/^k\d+$/.test(t)).length, 40, `${point}: the messages from before are all there`);
        back.close();
      });
    }
    // What the directory held when each kill was sent.
    assert.ok(atKill.some((files) => files.includes('journal-1.jsonl')), `killed mid-compaction (${atKill.join(' | ')})`);
  });

  it('a full disk while writing the snapshot logs compaction-failed; the journal goes on, a restart replays both segments, and the next compaction retires them', async () => {
    await inTempDir(PREFIX, async (dir) => {
      const { hub: building } = open(dir);
      const sessions = fill(building, 20, 20);
      building.close();
      let full = true;
      const filling: BackgroundFs = {
        ...nodeBackgroundFs,
        write: (fd, buffer, offset, length) =>
          full && length > 10_000 ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : nodeBackgroundFs.write(fd, buffer, offset, length),
      };
      const { hub, logs } = open(dir, { fsync: true, backgroundFs: filling });
      const first = hub.compact();
      const during = await answered(hub, 'contact-3', { type: 'send-message', sessionId: sessions[3]!, text: 'during' });
      await first;
      assert.ok(during.ok);
      const failed = logs.find((l) => l.event === 'compaction-failed');
      assert.match(String(failed?.message), /ENOSPC/);
      assert.match(String(failed?.action), /the journal goes on/);
      assert.ok(!existsSync(join(dir, 'snapshot.json.writing')), 'the partial snapshot was removed');
      assert.ok((await answered(hub, 'contact-3', { type: 'send-message', sessionId: sessions[3]!, text: 'after' })).ok, 'commands go on');
      // A crash now (abandoning the hub without closing it): journal.jsonl and journal-1.jsonl are replayed in order.
      cpSync(dir, `${dir}-crash`, { recursive: true });
      const { hub: crashed, logs: crashLogs } = open(`${dir}-crash`, { fsync: true });
      assert.equal(crashLogs.find((l) => l.event === 'journal-replayed')?.segments, 2);
      assert.deepEqual(texts(crashed, 3, sessions[3]!).slice(-2), ['during', 'after']);
      crashed.close();
      rmSync(`${dir}-crash`, { recursive: true, force: true });

      full = false;
      await hub.compact();
      assert.ok(logs.some((l) => l.event === 'compacted'), 'the next compaction succeeds');
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('journal-')), [], 'and retires both segments');
      hub.close();
      const { hub: back } = open(dir, { fsync: true });
      assert.deepEqual(texts(back, 3, sessions[3]!).slice(-2), ['during', 'after']);
      back.close();
    });
  });

  it('a failure preparing the new segment leaves the journal as it was', async () => {
    await inTempDir(PREFIX, async (dir) => {
      const refusing: BackgroundFs = { ...nodeBackgroundFs, open: () => Promise.reject(Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' })) };
      const { hub, logs } = open(dir, { fsync: true, backgroundFs: refusing });
      const sessions = fill(hub, 2, 2);
      await hub.compact();
      assert.match(String(logs.find((l) => l.event === 'compaction-failed')?.message), /EACCES/);
      assert.ok((await answered(hub, 'contact-0', { type: 'send-message', sessionId: sessions[0]!, text: 'still' })).ok);
      assert.deepEqual(readdirSync(dir).sort(), ['journal.jsonl']);
      hub.close();
      const { hub: back } = open(dir);
      assert.equal(texts(back, 0, sessions[0]!).at(-1), 'still');
      back.close();
    });
  });

  it('a failed journal flush while a snapshot is written reloads from disk, gives the snapshot up, and the next one succeeds', async () => {
    await inTempDir(PREFIX, async (dir) => {
      const { hub: building } = open(dir);
      const sessions = fill(building, 40, 20);
      building.close();
      let syncFails = 0;
      const files: JournalFs = {
        ...nodeJournalFs,
        fsyncSync(fd) {
          if (syncFails > 0) {
            syncFails--;
            throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
          }
          nodeJournalFs.fsyncSync(fd);
        },
      };
      const { hub, logs } = open(dir, { fsync: true, fs: files });
      const first = hub.compact();
      while (!readdirSync(dir).includes('snapshot.json.writing')) await turn();
      assert.ok((await answered(hub, 'contact-5', { type: 'send-message', sessionId: sessions[5]!, text: 'before the failure' })).ok);
      syncFails = 1;
      const refused = await answered(hub, 'contact-5', { type: 'send-message', sessionId: sessions[5]!, text: 'lost with the flush' });
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'not-connected', 'the batch of the failed flush is refused');
      await first;
      assert.ok(logs.some((l) => l.event === 'journal-sync-failed'));
      assert.ok(!logs.some((l) => l.event === 'compacted'), 'the snapshot under way was given up');
      assert.ok((await answered(hub, 'contact-5', { type: 'send-message', sessionId: sessions[5]!, text: 'after' })).ok);
      await hub.compact();
      assert.ok(logs.some((l) => l.event === 'compacted'), 'the next compaction succeeds');
      assert.deepEqual(readdirSync(dir).sort(), ['journal.jsonl', 'snapshot.json']);
      hub.close();
      const { hub: back } = open(dir);
      assert.deepEqual(texts(back, 5, sessions[5]!).slice(-2), ['before the failure', 'after']);
      back.close();
    });
  });

  it('close() during a compaction finishes its snapshot; the next start-up loads it and replays only the new segment', async () => {
    await inTempDir(PREFIX, async (dir) => {
      const { hub: building } = open(dir);
      const sessions = fill(building, 30, 20);
      building.close();
      const { hub, logs } = open(dir, { fsync: true });
      void hub.compact();
      // Past the capture: the new segment has entries when the hub closes.
      while (!readdirSync(dir).includes('snapshot.json.writing')) await turn();
      assert.ok((await answered(hub, 'contact-4', { type: 'send-message', sessionId: sessions[4]!, text: 'last' })).ok);
      hub.close();
      assert.ok(logs.some((l) => l.event === 'compacted' && l.atClose === true), 'finished at close');
      const { hub: back, logs: backLogs } = open(dir);
      const replayed = backLogs.find((l) => l.event === 'journal-replayed');
      assert.equal(replayed?.snapshot, true);
      assert.ok((replayed?.entries as number) <= 2, `only the new segment was replayed (${String(replayed?.entries)})`);
      assert.equal(texts(back, 4, sessions[4]!).at(-1), 'last');
      back.close();
    });
  });
});
