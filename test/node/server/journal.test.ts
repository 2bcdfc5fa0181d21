import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandResult, UserId } from '../../../src/engine/types.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import type { StreamEvent } from '../../../src/transport/types.js';
import { createChatHub, type ChatHub } from '../../../server/chat-hub.js';
import { createManualClock, type ManualClock } from '../../../server/clock.js';
import { silentLogger } from '../../../server/logger.js';
import { prng } from '../support/prng.js';

const USERS: UserId[] = ['avril', 'noah', 'ines', 'kate', 'jim', 'maria', 'omar'];
const AGENTS = ['kate', 'jim', 'maria', 'omar', 'li', 'q-support', 'rp-sales'];


/** A plausible command for `actor`, built from what that actor can see (so most are accepted). */
function randomCommand(hub: ChatHub, actor: UserId, random: () => number, step: number): Command {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const snapshot = hub.engine.snapshot(actor);
  const session = pick(snapshot.sessions);
  const invitation = pick(snapshot.invitations);
  const sessionId = session?.id ?? 'no-such-session';
  // Now and then a command id is re-used, as a client re-sending after a reconnect would.
  const commandId = random() < 0.1 ? `cmd-${Math.floor(random() * step)}` : `cmd-${step}`;
  if (snapshot.user.role === 'contact' && !session && random() < 0.5) {
    return { type: 'start-chat', subject: 'Help with on line purchase', commandId };
  }
  const choices: (() => Command)[] = [
    () => ({ type: 'start-chat', subject: 'Help with on line purchase' }),
    () => ({ type: 'send-message', sessionId, text: `message ${Math.floor(random() * 1000)}`, visibility: random() < 0.3 ? 'agents' : 'all' }),
    () => ({ type: 'set-typing', sessionId, typing: random() < 0.5 }),
    () => ({ type: 'invite', sessionId, kind: pick(['conference', 'consultation', 'transfer'] as const)!, targetId: pick(AGENTS)! }),
    () => ({ type: 'accept-invitation', invitationId: invitation?.id ?? 'none' }),
    () => ({ type: 'accept-invitation', invitationId: invitation?.id ?? 'none' }),
    () => ({ type: 'reject-invitation', invitationId: invitation?.id ?? 'none' }),
    () => ({ type: 'cancel-invitation', invitationId: invitation?.id ?? 'none' }),
    () => ({ type: 'leave', sessionId }),
    () => ({ type: 'remove-party', sessionId, userId: pick(USERS)! }),
    () => ({ type: 'set-disposition', sessionId, dispositionCode: 'resolved', note: 'ok' }),
    () => ({ type: 'mark-done', sessionId }),
    () => ({ type: 'set-presence', channel: 'chat', state: pick(['ready', 'not-ready', 'after-call-work'] as const)! }),
  ];
  return { ...pick(choices)!(), commandId };
}

/** Runs a command and answers its result now (flushing, should the hub wait for the disk). */
export function executeNow(hub: ChatHub, actor: UserId, command: Command): CommandResult {
  let answer: CommandResult | undefined;
  hub.execute(actor, command, (result) => (answer = result));
  hub.flush();
  assert.ok(answer, `${actor} ${command.type} was answered`);
  return answer;
}

function everything(hub: ChatHub) {
  return USERS.map((user) => {
    const log: StreamEvent[] = [];
    const { detach } = hub.attach(user, { deliver: (event) => log.push(event) }, { epoch: hub.epoch, position: 0 });
    detach();
    return { user, position: hub.engine.position(user), snapshot: hub.engine.snapshot(user), log };
  });
}

describe('journal replay', () => {
  it('rebuilds the same state, ids, positions, logs and remembered command ids after random traffic with time-outs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'wc-journal-'));
      const copyDir = `${dataDir}-copy`;
      try {
        const random = prng(seed);
        const manual = createManualClock();
        // Timers that fire late, so commands often arrive after a deadline and before its
        // tick: the engine then runs the time-out inside the command, refused ones included.
        const clock: ManualClock = { ...manual, setTimer: (callback, ms) => manual.setTimer(callback, ms + 7_000) };
        const options = { directory: seedDirectory(), clock, logger: silentLogger };
        const original = createChatHub({ ...options, dataDir });
        const play = (hubs: ChatHub[], from: number, to: number) => {
          for (let step = from; step < to; step++) {
            const actor = USERS[Math.floor(random() * USERS.length)]!;
            const command = randomCommand(hubs[0]!, actor, random, step);
            const [first, ...others] = hubs.map((hub) => executeNow(hub, actor, command));
            assert.ok(first, 'every command is answered');
            for (const other of others) assert.deepEqual(other, first, `seed ${seed} step ${step}: same answer`);
            // Time passes too, so invitation and after-call-work deadlines fall due.
            if (random() < 0.2) clock.advance(Math.floor(random() * 40_000));
          }
        };
        play([original], 0, 120);
        const before = everything(original);
        assert.ok(before.some((u) => u.log.some((e) => e.event.type === 'session-added')), `seed ${seed}: chats happened`);

        // Replay a copy of the journal while the original carries on: both must agree now and
        // for every later command (re-sent command ids included, answered from the replayed memory).
        cpSync(dataDir, copyDir, { recursive: true });
        const replayed = createChatHub({ ...options, dataDir: copyDir });
        assert.equal(replayed.epoch, original.epoch);
        assert.deepEqual(everything(replayed), before, `seed ${seed}: replayed state`);
        play([original, replayed], 120, 200);
        assert.deepEqual(everything(replayed), everything(original), `seed ${seed}: after more traffic`);
        original.close();
        replayed.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(copyDir, { recursive: true, force: true });
      }
    }
  });

  it('compacted into snapshots every few entries, a copy started from snapshot and tail agrees with the original', async () => {
    for (let seed = 11; seed <= 16; seed++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'wc-journal-'));
      const copyDir = `${dataDir}-copy`;
      try {
        const random = prng(seed);
        const manual = createManualClock();
        const clock: ManualClock = { ...manual, setTimer: (callback, ms) => manual.setTimer(callback, ms + 7_000) };
        const options = { directory: seedDirectory(), clock, logger: silentLogger, compactEvery: 17, fsync: true };
        const original = createChatHub({ ...options, dataDir });
        // Snapshots are written in the background: each is let finish before the next command.
        const play = async (hubs: ChatHub[], from: number, to: number) => {
          for (let step = from; step < to; step++) {
            await Promise.all(hubs.map((hub) => hub.whenCompacted()));
            const actor = USERS[Math.floor(random() * USERS.length)]!;
            const command = randomCommand(hubs[0]!, actor, random, step);
            const [first, ...others] = hubs.map((hub) => executeNow(hub, actor, command));
            for (const other of others) assert.deepEqual(other, first, `seed ${seed} step ${step}: same answer`);
            if (random() < 0.2) clock.advance(Math.floor(random() * 40_000));
          }
        };
        const state = (hub: ChatHub) => USERS.map((user) => ({ user, position: hub.engine.position(user), snapshot: hub.engine.snapshot(user) }));
        await play([original], 0, 130);
        cpSync(dataDir, copyDir, { recursive: true });
        const replayed = createChatHub({ ...options, dataDir: copyDir });
        assert.equal(replayed.epoch, original.epoch);
        assert.deepEqual(state(replayed), state(original), `seed ${seed}: restored state`);
        assert.deepEqual(replayed.engine.exportState(), original.engine.exportState(), `seed ${seed}: the whole engine state`);
        await play([original, replayed], 130, 220);
        assert.deepEqual(state(replayed), state(original), `seed ${seed}: after more traffic`);
        original.close();
        replayed.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(copyDir, { recursive: true, force: true });
      }
    }
  });
});
