import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOSE } from '../../../server/close-codes.js';
import { createManualClock } from '../../../server/clock.js';
import { activeChat, assertConsecutive, Client, entryTexts, startServer } from './helpers.js';

describe('resume', () => {
  it('after a client-side close, delivers the missed events exactly once and in order, then live ones', async () => {
    const t = await startServer();
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await activeChat(avril, kate);
      await kate.sync();
      const from = kate.lastPosition;
      await kate.close();

      for (const text of ['one', 'two', 'three']) await avril.ok({ type: 'send-message', sessionId, text });
      const back = await Client.signIn(t.server, 'kate', from);
      assert.notEqual(back.events[0]?.event.type, 'snapshot', 'a resumed stream starts with the first missed event');
      assert.equal(back.events[0]?.position, from.position + 1);
      assert.deepEqual(entryTexts(back.events), ['one', 'two', 'three']);
      await avril.ok({ type: 'send-message', sessionId, text: 'four' });
      await back.sync();
      assert.deepEqual(entryTexts(back.events), ['one', 'two', 'three', 'four']);
      assertConsecutive(back.events);
      assert.ok(t.logs.some((l) => l.event === 'connection-opened' && l.user === 'kate' && l.resumed === true));

      // Resuming from the very end replays nothing.
      await back.close();
      const uptoDate = await Client.signIn(t.server, 'kate', back.lastPosition);
      assert.deepEqual(uptoDate.events, []);
      await Promise.all([avril.close(), uptoDate.close()]);
    } finally {
      await t.close();
    }
  });

  it('sends a snapshot instead when the epoch is another, the position is ahead, or it left the bounded log', async () => {
    const t = await startServer({ limits: { logLimit: 3 } });
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await activeChat(avril, kate);
      await kate.sync();
      const from = kate.lastPosition;
      for (const text of ['a', 'b', 'c', 'd', 'e']) await avril.ok({ type: 'send-message', sessionId, text });
      await kate.sync();
      const recent = kate.lastPosition.position - 1; // still in the log
      for (const resumeFrom of [{ epoch: 'another-epoch', position: recent }, { epoch: from.epoch, position: 10_000 }, from]) {
        const client = await Client.signIn(t.server, 'kate', resumeFrom);
        const [first, ...rest] = client.events;
        assert.equal(first?.event.type, 'snapshot', JSON.stringify(resumeFrom));
        assert.equal(first?.position, kate.lastPosition.position, 'the snapshot is current as of the last position');
        assert.deepEqual(rest, []);
        assert.deepEqual(entryTexts(client.events, sessionId).slice(-5), ['a', 'b', 'c', 'd', 'e']);
        await client.close();
      }
      await Promise.all([avril.close(), kate.close()]);
    } finally {
      await t.close();
    }
  });

  it('applies a command re-sent with the same frame id after a reconnect once', async () => {
    const t = await startServer();
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await activeChat(avril, kate);
      const send = { type: 'send-message', sessionId, text: 'Only once please' } as const;
      const first = await avril.command(send, 'client-msg-1');
      await avril.close();
      const again = await Client.signIn(t.server, 'avril');
      assert.deepEqual(await again.command(send, 'client-msg-1'), first);
      await kate.sync();
      assert.equal(entryTexts(kate.events).filter((text) => text === 'Only once please').length, 1);
      await Promise.all([again.close(), kate.close()]);
    } finally {
      await t.close();
    }
  });
});

describe('restart on the same data directory', () => {
  it('closes clients with 1012 and lets them resume in the same epoch, without loss or duplication', async () => {
    let t = await startServer();
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await activeChat(avril, kate);
      await kate.ok({ type: 'send-message', sessionId, text: 'Before the restart' });
      await kate.sync();
      const kateFrom = kate.lastPosition;
      await kate.close();
      await avril.ok({ type: 'send-message', sessionId, text: 'Kate missed this' });
      await avril.sync();
      const avrilFrom = avril.lastPosition;
      const epoch = t.server.epoch;

      t = await t.restart();
      assert.equal((await avril.closed).code, CLOSE.restart, 'clients are told the server is restarting');
      assert.equal(t.server.epoch, epoch, 'same epoch after a restart');

      const kateBack = await Client.signIn(t.server, 'kate', kateFrom);
      const avrilBack = await Client.signIn(t.server, 'avril', avrilFrom);
      assert.deepEqual(entryTexts(kateBack.events), ['Kate missed this'], 'Kate gets what she missed, once');
      assert.equal(avrilBack.events.length, 0, 'Avril missed nothing');
      await kateBack.ok({ type: 'send-message', sessionId, text: 'After the restart' });
      await avrilBack.sync();
      assert.deepEqual(entryTexts(avrilBack.events), ['After the restart']);
      assert.equal(avrilBack.events[0]?.position, avrilFrom.position + 1, 'positions carry on');

      // A fresh sign-in sees the whole conversation, rebuilt from the journal.
      const fresh = await Client.signIn(t.server, 'avril');
      assert.deepEqual(entryTexts(fresh.events, sessionId).slice(-3), ['Before the restart', 'Kate missed this', 'After the restart']);
      await Promise.all([kateBack.close(), avrilBack.close(), fresh.close()]);
    } finally {
      await t.close();
    }
  });

  it('replays a journal whose last line was torn by a crash, and keeps appending after it', async () => {
    let t = await startServer();
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const sessionId = await activeChat(avril, kate);
      await avril.ok({ type: 'send-message', sessionId, text: 'Saved' });
      await avril.sync();
      const from = avril.lastPosition;
      const epoch = t.server.epoch;
      await t.server.close();
      appendFileSync(join(t.dataDir, 'journal.jsonl'), '{"t":"cmd","at":17,"actor":"avril","comm');

      t = await t.restart();
      assert.equal(t.server.epoch, epoch);
      assert.ok(t.logs.some((l) => l.event === 'journal-replayed' && l.tornTail === true));
      const avrilBack = await Client.signIn(t.server, 'avril', from);
      assert.deepEqual(avrilBack.events, []);
      await avrilBack.ok({ type: 'send-message', sessionId, text: 'After the crash' });
      await avrilBack.close();

      t = await t.restart();
      assert.equal(t.server.epoch, epoch, 'the journal written after the torn line still replays');
      const again = await Client.signIn(t.server, 'avril', from);
      assert.deepEqual(entryTexts(again.events), ['After the crash']);
      await again.close();
    } finally {
      await t.close();
    }
  });

  it('starts a new epoch (clients reload from a snapshot) when the journal cannot be read, keeping the old file', async () => {
    let t = await startServer();
    try {
      const avril = await Client.signIn(t.server, 'avril');
      await avril.ok({ type: 'start-chat', subject: 'Lost to corruption' });
      await avril.sync();
      const from = avril.lastPosition;
      await t.server.close();
      const path = join(t.dataDir, 'journal.jsonl');
      const lines = readFileSync(path, 'utf8').split('\n');
      lines[1] = '{"t":"cmd", garbage';
      writeFileSync(path, lines.join('\n'));

      t = await t.restart();
      assert.notEqual(t.server.epoch, from.epoch);
      const logged = t.logs.find((l) => l.event === 'journal-unreadable');
      assert.ok(logged, 'the reason is logged');
      assert.ok(typeof logged.movedTo === 'string' && existsSync(logged.movedTo), 'the unreadable journal is kept aside');
      assert.ok(readdirSync(t.dataDir).includes('journal.jsonl'), 'a new journal is started');
      const back = await Client.signIn(t.server, 'avril', from);
      assert.equal(back.events[0]?.event.type, 'snapshot');
      assert.equal(back.events[0]?.epoch, t.server.epoch);
      await back.close();
    } finally {
      await t.close();
    }
  });

  it('runs invitation time-outs on the deadline timer and replays them after a restart', async () => {
    const clock = createManualClock(Date.now());
    let t = await startServer({ clock });
    try {
      const avril = await Client.signIn(t.server, 'avril');
      const kate = await Client.signIn(t.server, 'kate');
      const jim = await Client.signIn(t.server, 'jim');
      const sessionId = await activeChat(avril, kate);
      const { invitationId } = await kate.ok({ type: 'invite', sessionId, kind: 'conference', targetId: 'jim' });
      clock.advance(30_000);
      const timedOut = await kate.waitFor(
        (f) => f.type === 'event' && f.event.type === 'invitation-updated' && f.event.invitation.id === invitationId && f.event.invitation.state === 'timed-out',
        'the time-out',
      );
      assert.ok(timedOut.type === 'event');
      await jim.sync();
      const jimFrom = jim.lastPosition;
      const jimSnapshotBefore = (await Client.signIn(t.server, 'jim')).events[0];

      t = await t.restart({ clock: createManualClock(Date.now() + 60_000) });
      const jimBack = await Client.signIn(t.server, 'jim', jimFrom);
      assert.deepEqual(jimBack.events, [], 'nothing new: the time-out was replayed, not run again');
      const jimSnapshotAfter = (await Client.signIn(t.server, 'jim')).events[0];
      assert.deepEqual(jimSnapshotAfter, jimSnapshotBefore, 'the same state and position after the restart');
      await jimBack.close();
    } finally {
      await t.close();
    }
  });
});
