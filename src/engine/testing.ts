/** Deterministic stand-ins for the engine's injected clock and id source (tests, demos, stories). */
import type { ChatEngine } from './api.js';
import { engineStates } from './engine.js';
import type { InvitationRec, SessionRec } from './state.js';

export interface TestClock {
  now(): number;
  advance(ms: number): number;
  set(ms: number): number;
}

/** A virtual clock that only moves when told to. */
export function createTestClock(start = 0): TestClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      if (!(ms >= 0)) throw new RangeError('A test clock only moves forward.');
      return (current += ms);
    },
    set(ms: number) {
      if (ms < current) throw new RangeError('A test clock only moves forward.');
      return (current = ms);
    },
  };
}

/** Ids `${prefix}1`, `${prefix}2`, … */
export function sequentialIds(prefix = 'id-'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** A copy of an engine's whole state, for tests that check invariants no single user can see. */
export interface EngineInspection {
  sessions: Omit<SessionRec, 'wrapUps' | 'frozen'>[];
  invitations: Omit<InvitationRec, 'outcomes'>[];
  /** Ids in the engine's index of pending invitations (must match the invitations' states). */
  pendingIds: string[];
}

export function inspectEngine(engine: ChatEngine): EngineInspection {
  const st = engineStates.get(engine);
  if (!st) throw new TypeError('Not an engine made by createChatEngine.');
  return structuredClone({
    sessions: [...st.sessions.values()].map(({ wrapUps: _w, frozen: _f, ...rest }) => rest),
    invitations: [...st.invitations.values()].map(({ outcomes: _o, ...rest }) => rest),
    pendingIds: [...st.pending].map((i) => i.id),
  });
}
