// captureState(): a cheap view of the state at one instant, serialised later in pieces while
// the engine goes on. Whatever the engine does after the capture, the pieces joined must be
// the state as it was then.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatEngine } from '../../../src/engine/index.js';
import type { ChatEngine, Command, UserId } from '../../../src/engine/index.js';
import { seedDirectory } from '../../../src/seed/directory.js';
import { prng } from '../support/prng.js';

const USERS: UserId[] = ['avril', 'noah', 'ines', 'kate', 'jim', 'maria', 'omar'];
const TARGETS = ['kate', 'jim', 'maria', 'omar', 'li', 'q-support', 'rp-sales'];


/** A plausible command for `actor`, from what they can see, so most change something in place. */
function randomCommand(engine: ChatEngine, actor: UserId, random: () => number, step: number): Command {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const snapshot = engine.snapshot(actor);
  const sessionId = pick(snapshot.sessions)?.id ?? 'none';
  const invitationId = pick(snapshot.invitations)?.id ?? 'none';
  const choices: (() => Command)[] = [
    () => ({ type: 'start-chat', subject: `Order ${step}`, caseData: { order: String(step) } }),
    () => ({ type: 'send-message', sessionId, text: `message ${step}` }),
    () => ({ type: 'invite', sessionId, kind: pick(['conference', 'consultation', 'transfer'] as const)!, targetId: pick(TARGETS)! }),
    () => ({ type: 'accept-invitation', invitationId }),
    () => ({ type: 'accept-invitation', invitationId }),
    () => ({ type: 'reject-invitation', invitationId }),
    () => ({ type: 'cancel-invitation', invitationId }),
    () => ({ type: 'leave', sessionId }),
    () => ({ type: 'remove-party', sessionId, userId: pick(USERS)! }),
    () => ({ type: 'set-disposition', sessionId, dispositionCode: 'resolved', note: `note ${step}` }),
    () => ({ type: 'mark-done', sessionId }),
    () => ({ type: 'set-presence', channel: 'chat', state: pick(['ready', 'not-ready', 'after-call-work'] as const)! }),
  ];
  // Now and then an id is re-used, as a client re-sending after a reconnect would.
  return { ...pick(choices)!(), commandId: random() < 0.2 ? `c${Math.floor(random() * step)}` : `c${step}` };
}

describe('captureState', () => {
  it('joined, its pieces are the state at the capture, whatever the engine did after it', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const random = prng(seed);
      let time = Date.UTC(2026, 0, 1);
      let id = 0;
      // Odd seeds remember few command ids for a short time: answers are dropped after the captures.
      const commandIds = seed % 2 ? { limit: 4, maxAgeMs: 30_000 } : {};
      const engine = createChatEngine({ clock: () => time, ids: () => `id${++id}`, directory: seedDirectory(), commandIds });
      const play = (from: number, to: number) => {
        for (let step = from; step < to; step++) {
          const actor = USERS[Math.floor(random() * USERS.length)]!;
          engine.execute(actor, randomCommand(engine, actor, random, step));
          if (random() < 0.2) time += Math.floor(random() * 40_000);
          if (random() < 0.1) engine.tick();
        }
      };
      play(0, 150);
      const captures = [0, 1, 2].map(() => {
        const at = { expected: engine.exportState(), capture: engine.captureState() };
        play(1000 + id, 1000 + id + 60);
        return at;
      });
      for (const [i, { expected, capture }] of captures.entries()) {
        const pieces = [...capture.pieces()];
        assert.deepEqual(JSON.parse(pieces.join('')), expected, `seed ${seed}, capture ${i}`);
        assert.equal(capture.sessions, expected.sessions.length);
        assert.ok(pieces.length >= expected.sessions.length, 'a piece per session at least');
        // Again from the beginning: the same text.
        assert.equal([...capture.pieces()].join(''), pieces.join(''));
        capture.release();
      }
      // Something changed after each capture, or the test proves nothing.
      assert.notDeepEqual(captures[0]!.expected, engine.exportState(), `seed ${seed}: the state moved on`);
    }
  });
});
