import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandResult, UserId } from '../../../src/engine/types.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import type { StreamEvent } from '../../../src/transport/types.js';
import { createChatHub, type ChatHub, type ChatHubOptions } from '../../../server/chat-hub.js';
import { createManualClock } from '../../../server/clock.js';
import type { LogEntry } from '../../../server/logger.js';
import { nodeJournalFs, type JournalFs } from '../../../server/persistence.js';
import { runUntilKilled } from './killed-child.js';
import { inTempDir } from '../support/temp-dir.js';

/** A hub on `dataDir` with captured logs and a manual clock. */
function open(dataDir: string, more: Partial<ChatHubOptions> = {}) {
  const logs: LogEntry[] = [];
  const hub = createChatHub({
    directory: seedDirectory(),
    clock: createManualClock(),
    logger: (entry) => logs.push(entry),
    dataDir,
    bootId: 'boot-1',
    ...more,
  });
  return { hub, logs };
}

/** Sends a command; answers its result once the hub answered (flushing a durable hub's batch). */
function send(hub: ChatHub, actor: UserId, command: Command): CommandResult {
  let answer: CommandResult | undefined;
  hub.execute(actor, command, (result) => (answer = result));
  hub.flush();
  assert.ok(answer, 'answered');
  return answer;
}

function ok(hub: ChatHub, actor: UserId, command: Command): Record<string, string> {
  const result = send(hub, actor, command);
  assert.ok(result.ok, `${actor} ${command.type}: ${result.ok ? '' : result.error.message}`);
  return (result.value ?? {}) as Record<string, string>;
}

/** Avril's chat, accepted by Kate. */
function activeChat(hub: ChatHub): string {
  const { sessionId, invitationId } = ok(hub, 'avril', { type: 'start-chat', subject: 'Help' });
  ok(hub, 'kate', { type: 'accept-invitation', invitationId: invitationId! });
  return sessionId!;
}

/** The message texts `user` is shown in `sessionId`, from a fresh snapshot. */
function texts(hub: ChatHub, user: UserId, sessionId: string): string[] {
  const session = hub.engine.snapshot(user).sessions.find((s) => s.id === sessionId);
  return (session?.transcript ?? []).filter((e) => e.kind === 'message').map((e) => e.text);
}

/** What a client resuming from `from` is handed. */
function resume(hub: ChatHub, user: UserId, from: { epoch: string; position: number }): StreamEvent[] {
  const got: StreamEvent[] = [];
  hub.attach(user, { deliver: (event) => got.push(event) }, from).detach();
  return got;
}

const PREFIX = 'wc-durable-';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), PREFIX));
}

/** A file system that fails as told: `short` cuts the next write to half and then refuses with ENOSPC. */
function faultyFs() {
  const state = { full: false, short: 0, syncFails: 0, syncs: 0, writes: 0 };
  const files: JournalFs = {
    ...nodeJournalFs,
    writeSync(fd, buffer, offset, length) {
      state.writes++;
      if (state.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      if (state.short > 0) {
        state.short--;
        state.full = true;
        return nodeJournalFs.writeSync(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
      }
      return nodeJournalFs.writeSync(fd, buffer, offset, length);
    },
    fsyncSync(fd) {
      state.syncs++;
      if (state.syncFails > 0) {
        state.syncFails--;
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      }
      nodeJournalFs.fsyncSync(fd);
    },
  };
  return { files, state };
}

describe('a full disk', () => {
  it('rolls a short write back to the last whole entry, refuses until space frees, and loses nothing acknowledged', () => {
    inTempDir(PREFIX, (dir) => {
    const { files, state } = faultyFs();
    const { hub } = open(dir, { fs: files });
    const epoch = hub.epoch;
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'one' });

    state.short = 1;
    const refused = send(hub, 'avril', { type: 'send-message', sessionId, text: 'two (disk full)' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'not-connected', 'refused while the disk is full');
    assert.match(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), /\n$/, 'the half-written line was cut off');
    const again = send(hub, 'kate', { type: 'send-message', sessionId, text: 'three (disk full)' });
    assert.equal(again.ok, false, 'still refused');
    assert.deepEqual(texts(hub, 'kate', sessionId), ['one'], 'nothing refused was applied');

    state.full = false;
    ok(hub, 'kate', { type: 'send-message', sessionId, text: 'four' });
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'five' });
    hub.close();

    const { hub: restarted, logs } = open(dir);
    assert.equal(restarted.epoch, epoch, 'same epoch');
    assert.ok(!logs.some((l) => l.event === 'journal-unreadable'), 'the journal reads whole');
    assert.deepEqual(texts(restarted, 'kate', sessionId), ['one', 'four', 'five']);
    restarted.close();
    });
  });

  it('on a real small tmpfs: fill, refuse, free, write more, restart — every acknowledged message is there, same epoch', (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to mount a tmpfs (the injected short write above covers the same path)');
      return;
    }
    const mount = tempDir();
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', mount], { stdio: 'pipe' });
      } catch (error) {
        t.skip(`cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`);
        return;
      }
      try {
        const { hub } = open(mount, { fsync: true, compactEvery: 0 });
        const epoch = hub.epoch;
        const sessionId = activeChat(hub);
        // Leave a few kilobytes free, so the journal runs out of room after a few dozen messages.
        const filler = join(mount, 'filler');
        const fd = openSync(filler, 'w');
        try {
          const block = Buffer.alloc(1024, 120);
          for (;;) writeSync(fd, block);
        } catch {
          // Full.
        } finally {
          closeSync(fd);
        }
        truncateSync(filler, Math.max(0, statSync(filler).size - 6 * 1024));

        const acknowledged: string[] = [];
        let refusals = 0;
        for (let i = 0; i < 400 && refusals < 3; i++) {
          const text = `message ${i} ${'x'.repeat(100)}`;
          const result = send(hub, i % 2 ? 'kate' : 'avril', { type: 'send-message', sessionId, text });
          if (result.ok) acknowledged.push(text);
          else {
            assert.equal(result.error.code, 'not-connected');
            refusals++;
          }
        }
        assert.equal(refusals, 3, 'the disk filled up and commands were refused');
        assert.ok(acknowledged.length > 5, 'messages were written before it filled');

        rmSync(filler);
        for (let i = 0; i < 5; i++) {
          const text = `after ${i}`;
          ok(hub, 'kate', { type: 'send-message', sessionId, text });
          acknowledged.push(text);
        }
        hub.close();

        const { hub: restarted, logs } = open(mount, { fsync: true, compactEvery: 0 });
        assert.equal(restarted.epoch, epoch, 'same epoch');
        assert.ok(!logs.some((l) => l.event === 'journal-unreadable'));
        assert.deepEqual(texts(restarted, 'avril', sessionId), acknowledged);
        restarted.close();
      } finally {
        execFileSync('umount', [mount]);
      }
    } finally {
      rmSync(mount, { recursive: true, force: true });
    }
  });

  it('a flush the disk refuses is rolled back: those commands are refused and never seen, earlier ones stay', () => {
    inTempDir(PREFIX, (dir) => {
    const { files, state } = faultyFs();
    const { hub, logs } = open(dir, { fs: files, fsync: true });
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'kept' });
    const kate: StreamEvent[] = [];
    const { detach } = hub.attach('kate', { deliver: (event) => kate.push(event) });
    const position = hub.engine.position('kate');

    state.syncFails = 1;
    const answers: CommandResult[] = [];
    hub.execute('avril', { type: 'send-message', sessionId, text: 'lost 1' }, (r) => answers.push(r));
    hub.execute('avril', { type: 'send-message', sessionId, text: 'lost 2' }, (r) => answers.push(r));
    assert.equal(answers.length, 0, 'nothing is answered before the flush');
    hub.flush();
    assert.deepEqual(answers.map((a) => (a.ok ? 'ok' : a.error.code)), ['not-connected', 'not-connected']);
    assert.equal(kate.length, 1, 'Kate saw only her snapshot: the lost messages never went out');
    assert.ok(logs.some((l) => l.event === 'journal-sync-failed'));
    assert.equal(hub.engine.position('kate'), position, 'positions of what nobody saw are handed out again, not skipped');
    assert.deepEqual(texts(hub, 'kate', sessionId), ['kept']);

    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'after' });
    assert.deepEqual(kate.slice(1).map((e) => e.position), [position + 1]);
    detach();
    hub.close();
    const { hub: restarted } = open(dir);
    assert.deepEqual(texts(restarted, 'kate', sessionId), ['kept', 'after']);
    restarted.close();
    });
  });
});

describe('durable mode', () => {
  it('answers a batch of commands after one flush, events before results', async () => {
    return inTempDir(PREFIX, async (dir) => {
    const { files, state } = faultyFs();
    const { hub } = open(dir, { fs: files, fsync: true });
    const sessionId = activeChat(hub);
    const seen: string[] = [];
    const { detach } = hub.attach('kate', { deliver: (e) => seen.push(`event ${e.event.type}`) });
    seen.length = 0;
    const syncsBefore = state.syncs;
    const answered = new Promise<void>((resolve) => {
      for (let i = 0; i < 10; i++) {
        hub.execute('avril', { type: 'send-message', sessionId, text: `m${i}` }, (r) => {
          seen.push(`result ${r.ok}`);
          if (i === 9) resolve();
        });
      }
    });
    assert.deepEqual(seen, [], 'nothing before the flush');
    await answered;
    assert.equal(state.syncs - syncsBefore, 1, 'one fsync for the ten commands');
    assert.deepEqual(seen, Array(10).fill(['event entry-added', 'result true']).flat(), 'each command: its events, then its result');
    detach();
    hub.close();
    });
  });
});

describe('fsync off: one journal write per turn', () => {
  it('writes the commands of one turn in one write, and every event and result goes out after the file holds its command', async () => {
    return inTempDir(PREFIX, async (dir) => {
    const { files, state } = faultyFs();
    const { hub } = open(dir, { fs: files, fsync: false });
    const sessionId = activeChat(hub);
    const journal = join(dir, 'journal.jsonl');
    const seen: string[] = [];
    const { detach } = hub.attach('kate', {
      deliver: (e) => {
        if (e.event.type !== 'entry-added' || e.event.entry.kind !== 'message') return;
        const text = e.event.entry.text;
        assert.ok(readFileSync(journal, 'utf8').includes(`"text":"${text}"`), `${text}: in the journal before Kate hears of it`);
        seen.push(`event ${text}`);
      },
    });
    const writesBefore = state.writes;
    const syncsBefore = state.syncs;
    const answered = new Promise<void>((resolve) => {
      for (let i = 0; i < 10; i++) {
        hub.execute('avril', { type: 'send-message', sessionId, text: `m${i}` }, (r) => {
          assert.ok(readFileSync(journal, 'utf8').includes(`"text":"m${i}"`), `m${i}: in the journal before it is answered`);
          seen.push(`result m${i} ${r.ok}`);
          if (i === 9) resolve();
        });
      }
    });
    // The guarantee changed from "answered before execute returns": answers wait for the turn's write.
    assert.deepEqual(seen, [], 'nothing goes out before the write at the end of the turn');
    await answered;
    assert.equal(state.writes - writesBefore, 1, 'one write for the ten commands');
    assert.equal(state.syncs - syncsBefore, 0, 'no fsync');
    assert.deepEqual(seen, Array.from({ length: 10 }, (_, i) => [`event m${i}`, `result m${i} true`]).flat());
    detach();
    hub.close();
    });
  });

  it('a batched write the disk refuses refuses every command of the batch; nobody hears of them, and the state is what a restart finds', () => {
    inTempDir(PREFIX, (dir) => {
    const { files, state } = faultyFs();
    const { hub, logs } = open(dir, { fs: files, fsync: false });
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'kept' });
    const kate: StreamEvent[] = [];
    const { detach } = hub.attach('kate', { deliver: (event) => kate.push(event) });
    const position = hub.engine.position('kate');

    state.short = 1; // half of the batch is written, then the disk is full
    const answers: CommandResult[] = [];
    for (let i = 0; i < 4; i++) hub.execute(i % 2 ? 'kate' : 'avril', { type: 'send-message', sessionId, text: `lost ${i}` }, (r) => answers.push(r));
    assert.equal(answers.length, 0, 'nothing is answered before the write');
    hub.flush();
    assert.deepEqual(answers.map((a) => (a.ok ? 'ok' : a.error.code)), Array(4).fill('not-connected'));
    assert.equal(kate.length, 1, 'Kate saw only her snapshot');
    assert.ok(logs.some((l) => l.event === 'journal-write-failed'));
    assert.equal(hub.engine.position('kate'), position, 'positions nobody saw are handed out again');
    assert.deepEqual(texts(hub, 'kate', sessionId), ['kept']);
    assert.doesNotMatch(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), /lost/, 'no entry of the failed batch is left in the file');
    const before = { avril: hub.engine.snapshot('avril'), kate: hub.engine.snapshot('kate'), position: hub.engine.position('kate') };

    state.full = false;
    hub.close();
    const { hub: restarted } = open(dir, { fs: files, fsync: false });
    assert.equal(restarted.epoch, hub.epoch);
    assert.deepEqual({ avril: restarted.engine.snapshot('avril'), kate: restarted.engine.snapshot('kate'), position: restarted.engine.position('kate') }, before);
    ok(restarted, 'avril', { type: 'send-message', sessionId, text: 'after' });
    assert.deepEqual(texts(restarted, 'kate', sessionId), ['kept', 'after']);
    detach();
    restarted.close();
    });
  });

  it('killed (SIGKILL) while answering bursts, the server restarts with every acknowledged command exactly once', async () => {
    const dir = tempDir();
    try {
      const { hub: building } = open(dir, { fsync: false });
      const sessionId = activeChat(building);
      building.close();
      // The child answers bursts of five commands per turn and prints each acknowledgement.
      const script = `
        import { createChatHub } from ${JSON.stringify(new URL('../../../server/chat-hub.ts', import.meta.url).pathname)};
        import { createManualClock } from ${JSON.stringify(new URL('../../../server/clock.ts', import.meta.url).pathname)};
        import { seedDirectory } from ${JSON.stringify(new URL('../../../src/seed/directory.ts', import.meta.url).pathname)};
        const hub = createChatHub({ directory: seedDirectory(), clock: createManualClock(), logger: () => {}, dataDir: process.argv[1], bootId: 'boot-1', fsync: false });
        let i = 0;
        const burst = () => {
          for (let n = 0; n < 5; n++) {
            const text = 'k' + i++;
            hub.execute(n % 2 ? 'kate' : 'avril', { type: 'send-message', sessionId: process.argv[2], text }, (r) => {
              if (r.ok) process.stdout.write('ack ' + text + '\\n');
            });
          }
          setTimeout(burst, 1);
        };
        burst();
      `;
      const { acknowledged, killed } = await runUntilKilled(script, [dir, sessionId], (acks) => acks.length >= 200);
      assert.ok(killed, 'killed (the child stopped by itself otherwise)');
      const { hub: back, logs } = open(dir, { fsync: false });
      assert.ok(!logs.some((l) => l.level === 'error'), JSON.stringify(logs.filter((l) => l.level === 'error')));
      const all = texts(back, 'kate', sessionId);
      for (const text of acknowledged) assert.equal(all.filter((t) => t === text).length, 1, `${text} exactly once`);
      // What was written and not yet acknowledged may be there too, in order, never out of it.
      assert.deepEqual(all, all.slice().sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
      back.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a journal that lost its tail or a line', () => {
  it('after a machine restart with fsync off and no clean stop, starts a new epoch with the state it has; old positions get a snapshot', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir, { fsync: false, bootId: 'boot-1' });
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'saved' });
    const journal = join(dir, 'journal.jsonl');
    const keep = readFileSync(journal).length;
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'lost in the power cut' });
    const seen = { epoch: hub.epoch, position: hub.engine.position('kate') };
    // No close(): the power went. The last entry never reached the disk.
    truncateSync(journal, keep);

    const { hub: back, logs } = open(dir, { fsync: false, bootId: 'boot-2' });
    assert.notEqual(back.epoch, seen.epoch, 'a new epoch: the positions Kate saw cannot be trusted');
    assert.ok(logs.some((l) => l.event === 'journal-tail-uncertain'));
    assert.deepEqual(texts(back, 'kate', sessionId), ['saved'], 'what was on disk is kept');
    const got = resume(back, 'kate', seen);
    assert.equal(got[0]?.event.type, 'snapshot');
    assert.equal(got[0]?.epoch, back.epoch);
    ok(back, 'avril', { type: 'send-message', sessionId, text: 'new' });
    back.close();

    const { hub: again } = open(dir, { fsync: false, bootId: 'boot-3' });
    assert.equal(again.epoch, back.epoch, 'a clean stop keeps the epoch, whatever the boot');
    assert.deepEqual(texts(again, 'kate', sessionId), ['saved', 'new']);
    again.close();
    });
  });

  it('after a crash of the process alone (same boot), keeps the epoch', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir, { fsync: false });
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'written' });
    const { hub: back } = open(dir, { fsync: false });
    assert.equal(back.epoch, hub.epoch);
    assert.deepEqual(texts(back, 'kate', sessionId), ['written']);
    back.close();
    });
  });

  it('restored from a backup with newEpoch, keeps the state and starts a new epoch', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir);
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'backed up' });
    hub.close();
    const { hub: restored, logs } = open(dir, { newEpoch: true });
    assert.notEqual(restored.epoch, hub.epoch);
    assert.ok(logs.some((l) => l.event === 'epoch-started' && l.carriedOver === true));
    assert.deepEqual(texts(restored, 'kate', sessionId), ['backed up']);
    restored.close();
    });
  });

  it('a resume position beyond what the server holds gets a snapshot', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir);
    activeChat(hub);
    const got = resume(hub, 'kate', { epoch: hub.epoch, position: hub.engine.position('kate') + 5 });
    assert.deepEqual(got.map((e) => e.event.type), ['snapshot']);
    hub.close();
    });
  });

  it('a bad line in the middle keeps every entry before it (new epoch, the file kept aside)', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir);
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'before' });
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'damaged' });
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'after' });
    hub.close();
    const path = join(dir, 'journal.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    const damaged = lines.findIndex((l) => l.includes('"damaged"'));
    lines[damaged] = '{"t":"cmd", garbage';
    writeFileSync(path, lines.join('\n'));

    const { hub: back, logs } = open(dir);
    assert.notEqual(back.epoch, hub.epoch);
    const logged = logs.find((l) => l.event === 'journal-unreadable');
    assert.ok(logged && typeof logged.movedTo === 'string' && existsSync(logged.movedTo), 'the damaged journal is kept aside');
    assert.deepEqual(texts(back, 'kate', sessionId), ['before'], 'the entries before the bad line are kept');
    ok(back, 'kate', { type: 'send-message', sessionId, text: 'carry on' });
    back.close();
    const { hub: again } = open(dir);
    assert.equal(again.epoch, back.epoch);
    assert.deepEqual(texts(again, 'kate', sessionId), ['before', 'carry on']);
    again.close();
    });
  });
});

describe('compaction', () => {
  it('writes a snapshot and a new segment; start-up loads the snapshot and replays only the tail', async () => {
    await inTempDir(PREFIX, async (dir) => {
    const { hub } = open(dir, { compactEvery: 20 });
    const sessionId = activeChat(hub);
    // Each compaction is let finish (snapshots are written in the background) before the next command.
    for (let i = 0; i < 45; i++) {
      ok(hub, i % 2 ? 'kate' : 'avril', { type: 'send-message', sessionId, text: `m${i}`, commandId: `c${i}` });
      await hub.whenCompacted();
    }
    const before = { epoch: hub.epoch, kate: hub.engine.snapshot('kate'), position: hub.engine.position('kate') };
    assert.ok(existsSync(join(dir, 'snapshot.json')), 'a snapshot was written');
    const journalLines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.ok(journalLines.length < 25, `the journal holds only the tail (${journalLines.length} lines)`);
    assert.equal(JSON.parse(journalLines[0]!).segment, 2);
    hub.close();

    const { hub: back, logs } = open(dir, { compactEvery: 20 });
    assert.equal(back.epoch, before.epoch, 'same epoch');
    const replayed = logs.find((l) => l.event === 'journal-replayed');
    assert.equal(replayed?.snapshot, true);
    assert.ok((replayed?.entries as number) < 20, 'only the tail was replayed');
    assert.deepEqual(back.engine.snapshot('kate'), before.kate);
    assert.equal(back.engine.position('kate'), before.position);
    const again = send(back, 'kate', { type: 'send-message', sessionId, text: 'm1', commandId: 'c1' });
    assert.ok(again.ok, 'a command id from before the snapshot is still remembered');
    assert.equal(texts(back, 'kate', sessionId).length, 45, 'and applied once');
    back.close();
    });
  });

  it('with compactRatio, a large state is not rewritten until the journal is as large as its snapshot; a restart still replays the tail', async () => {
    await inTempDir(PREFIX, async (dir) => {
      const { hub } = open(dir, { compactEvery: 5, compactRatio: 1 });
      const sessionId = activeChat(hub);
      // Long texts make the first snapshot large; the short messages after it must wait for the journal to catch up.
      for (let i = 0; i < 4; i++) {
        ok(hub, 'kate', { type: 'send-message', sessionId, text: `${i} ${'long '.repeat(400)}`, commandId: `long${i}` });
        await hub.whenCompacted();
      }
      const snapshotBytes = statSync(join(dir, 'snapshot.json')).size;
      const segmentOf = () => JSON.parse(readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]!).segment as number;
      const first = segmentOf();
      let sent = 0;
      while (segmentOf() === first) {
        const journalBytes = statSync(join(dir, 'journal.jsonl')).size;
        ok(hub, 'avril', { type: 'send-message', sessionId, text: `short ${sent}`, commandId: `short${sent++}` });
        await hub.whenCompacted();
        if (segmentOf() === first) continue;
        assert.ok(journalBytes + 200 >= snapshotBytes, `compacted only once the journal (${journalBytes} B) caught up with the snapshot (${snapshotBytes} B)`);
      }
      assert.ok(sent > 5, `more than compactEvery entries waited for the journal to grow (${sent})`);
      const before = hub.engine.snapshot('kate');
      hub.close();
      const { hub: back } = open(dir, { compactEvery: 5, compactRatio: 1 });
      assert.deepEqual(back.engine.snapshot('kate'), before);
      back.close();
    });
  });

  it('a crash between the snapshot and its new segment loses nothing and replays nothing twice', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir, { compactEvery: 0 });
    const sessionId = activeChat(hub);
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'one' });
    const oldJournal = readFileSync(join(dir, 'journal.jsonl'));
    hub.compact();
    hub.close();
    // As if the process died right after renaming the snapshot into place.
    writeFileSync(join(dir, 'journal.jsonl'), oldJournal);
    const { hub: back } = open(dir);
    assert.equal(back.epoch, hub.epoch);
    assert.deepEqual(texts(back, 'kate', sessionId), ['one']);
    back.close();
    });
  });

  it('an invalid snapshot is refused with the reason logged and the files kept aside', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir, { compactEvery: 0 });
    activeChat(hub);
    hub.compact();
    hub.close();
    const path = join(dir, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(path, 'utf8'));
    snapshot.engine.sessions[0].state = 'exploded';
    writeFileSync(path, JSON.stringify(snapshot));
    const { hub: back, logs } = open(dir);
    assert.notEqual(back.epoch, hub.epoch);
    const logged = logs.find((l) => l.event === 'journal-unreadable');
    assert.match(String(logged?.reason), /snapshot is invalid at engine\.sessions\.0\.state/);
    assert.ok(readdirSync(dir).some((name) => name.startsWith('snapshot.json.') && name.endsWith('.unreadable')));
    back.close();
    });
  });

  it('creates the journal and the snapshot readable by the server user only (0600)', () => {
    inTempDir(PREFIX, (dir) => {
    const { hub } = open(dir, { compactEvery: 0 });
    activeChat(hub);
    hub.compact();
    hub.close();
    for (const name of ['journal.jsonl', 'snapshot.json']) {
      assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    }
    });
  });
});

describe('memory per message', () => {
  it('a resume log older than its age bound answers with a snapshot', () => {
    const clock = createManualClock();
    const { hub } = open(tempDir(), { clock, logMaxAgeMs: 60_000, dataDir: undefined });
    const sessionId = activeChat(hub);
    const from = { epoch: hub.epoch, position: hub.engine.position('kate') };
    ok(hub, 'avril', { type: 'send-message', sessionId, text: 'hello' });
    assert.deepEqual(resume(hub, 'kate', from).map((e) => e.event.type), ['entry-added'], 'recent: resumed');
    clock.advance(61_000);
    assert.deepEqual(resume(hub, 'kate', from).map((e) => e.event.type), ['snapshot'], 'too old: a snapshot');
    hub.close();
  });
});

describe('npm run server', () => {
  /** Starts server/main.ts on a free port, waits until it listens, stops it with SIGTERM, and answers the run's journal marker. */
  async function runMarker(env: Record<string, string>) {
    const dir = tempDir();
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, PORT: '0', DATA_DIR: dir, WORKSPACE_CHAT_SECRET: 'test-secret-0123456789abcdef', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk) => {
          output += chunk;
          if (output.includes('"event":"listening"')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      return lines.find((l) => l.t === 'open');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('flushes the journal before answering by default, and not with FSYNC=0', async () => {
    assert.equal((await runMarker({})).durable, true);
    assert.equal((await runMarker({ FSYNC: '0' })).durable, false);
  });
});

describe('a durable server over real sockets', () => {
  it('answers after the flush, in frame order, and resumes in the same epoch after a restart', async () => {
    const { startServer, Client, activeChat: chat, entryTexts } = await import('./helpers.js');
    let t = await startServer({ fsync: true });
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await chat(avril, kate);
      // Several commands and a ping in one burst: results in order, the pong after them.
      const ids = ['d-1', 'd-2', 'd-3'];
      for (const [i, id] of ids.entries()) avril.send({ type: 'command', id, command: { type: 'send-message', sessionId, text: `burst ${i}` } });
      avril.send({ type: 'ping', id: 'after-burst' });
      await avril.waitFor((f) => f.type === 'pong' && f.id === 'after-burst', 'the pong');
      const order = avril.frames.flatMap((f) => (f.type === 'result' && ids.includes(f.id) ? [f.id] : f.type === 'pong' && f.id === 'after-burst' ? ['pong'] : []));
      assert.deepEqual(order, [...ids, 'pong']);
      await kate.sync();
      const from = kate.lastPosition;
      await avril.ok({ type: 'send-message', sessionId, text: 'missed by Kate' });

      t = await t.restart({ fsync: true });
      assert.equal(t.server.epoch, from.epoch);
      const back = await Client.signIn(t.server, 'kate', from);
      assert.deepEqual(entryTexts(back.events), ['missed by Kate']);
      await back.close();
    } finally {
      await t.close();
    }
  });
});
