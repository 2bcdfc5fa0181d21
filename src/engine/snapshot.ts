import type { Channel, PresenceState, SessionView, UserId, WrapUp } from './types.js';
import type { CommandLogCapture, RememberedCommand } from './idempotency.js';
import type { EngineState, InvitationRec, OfferOutcome, SessionRec } from './state.js';
import { addSession } from './state.js';

/**
 * An engine's whole state as plain JSON data (maps as entry lists), so a host can write it
 * to disk and start a later engine from it instead of replaying every input since the
 * beginning. Versioned: a host refuses a version it does not know instead of guessing.
 * The directory is not part of it (the host passes the same directory again); what
 * changed since the directory was read (presence) is.
 */
export const ENGINE_SNAPSHOT_VERSION = 1;

export type SessionSnapshot = Omit<SessionRec, 'wrapUps' | 'frozen' | 'consultations' | 'invitationIds'> & {
  wrapUps: [UserId, WrapUp][];
  frozen: [UserId, SessionView][];
};

export type InvitationSnapshot = Omit<InvitationRec, 'outcomes'> & { outcomes: [UserId, OfferOutcome][] };

export interface EngineSnapshot {
  version: typeof ENGINE_SNAPSHOT_VERSION;
  presence: [UserId, Record<Channel, PresenceState>][];
  /** In creation order. */
  sessions: SessionSnapshot[];
  invitations: InvitationSnapshot[];
  /** Invitations of evicted sessions still remembered for late answers, oldest first. */
  retired: InvitationSnapshot[];
  /** Ids of the pending invitations, oldest first. */
  pending: string[];
  afterCallWork: [UserId, number][];
  joinCounter: number;
  sessionCounter: number;
  /** Each user's stream position. */
  positions: [UserId, number][];
  /** Remembered command answers per actor, oldest first. */
  commands: [UserId, RememberedCommand[]][];
}

export function exportState(
  st: EngineState,
  positions: [UserId, number][],
  commands: [UserId, RememberedCommand[]][],
): EngineSnapshot {
  return structuredClone(stateView(st, positions, commands));
}

/**
 * The same snapshot as JSON text, written straight from the state: copying it first (what
 * `exportState` must do, since its caller may keep and change what it gets) was most of the
 * cost of a server's compaction, and text cannot reach back into the state.
 */
export function exportStateJson(
  st: EngineState,
  positions: [UserId, number][],
  commands: [UserId, RememberedCommand[]][],
): string {
  return JSON.stringify(stateView(st, positions, commands));
}

/** The state as snapshot data that still shares its objects with the state (never handed out). */
function stateView(
  st: EngineState,
  positions: [UserId, number][],
  commands: [UserId, RememberedCommand[]][],
): EngineSnapshot {
  return {
    version: ENGINE_SNAPSHOT_VERSION,
    presence: [...st.agents].map(([id, agent]) => [id, agent.presence]),
    sessions: [...st.sessions.values()].map(({ wrapUps, frozen, consultations: _c, invitationIds: _i, ...rest }) => ({
      ...rest,
      wrapUps: [...wrapUps],
      frozen: [...frozen],
    })),
    invitations: [...st.invitations.values()].map(invitationSnapshot),
    retired: [...st.retired.values()].map(invitationSnapshot),
    pending: [...st.pending].map((inv) => inv.id),
    afterCallWork: [...st.afterCallWork],
    joinCounter: st.joinCounter,
    sessionCounter: st.sessionCounter,
    positions,
    commands,
  };
}

function invitationSnapshot({ outcomes, ...rest }: InvitationRec): InvitationSnapshot {
  return { ...rest, outcomes: [...outcomes] };
}

/**
 * Loads a snapshot into a state freshly built from the directory. The snapshot's shape is
 * the host's to validate (server/snapshot-file.ts does, with valibot); this checks that it
 * fits the directory and holds together, and throws a TypeError naming the first problem.
 */
export function restoreState(st: EngineState, input: EngineSnapshot): void {
  const snap = structuredClone(input);
  if (snap.version !== ENGINE_SNAPSHOT_VERSION) {
    throw new TypeError(`Invalid engine snapshot: version ${String(snap.version)} is not ${ENGINE_SNAPSHOT_VERSION}.`);
  }
  const knownUser = (id: string, where: string) => {
    if (!st.users.has(id)) throw new TypeError(`Invalid engine snapshot: ${where} names '${id}', who is not in the directory.`);
  };
  for (const [id, presence] of snap.presence) {
    const agent = st.agents.get(id);
    if (!agent) throw new TypeError(`Invalid engine snapshot: presence of '${id}', who is not an agent of the directory.`);
    Object.assign(agent.presence, presence);
  }
  for (const { wrapUps, frozen, ...rest } of snap.sessions) {
    if (st.sessions.has(rest.id)) throw new TypeError(`Invalid engine snapshot: session '${rest.id}' appears twice.`);
    if (rest.parentId !== undefined && !st.sessions.has(rest.parentId)) {
      throw new TypeError(`Invalid engine snapshot: session '${rest.id}' is attached to '${rest.parentId}', which comes later or not at all.`);
    }
    for (const p of rest.parties) knownUser(p.user.id, `session '${rest.id}'`);
    if (rest.contactId !== undefined) knownUser(rest.contactId, `session '${rest.id}'`);
    const s: SessionRec = { ...rest, wrapUps: new Map(wrapUps), frozen: new Map(frozen), consultations: new Set(), invitationIds: new Set() };
    addSession(st, s);
  }
  const pending = new Set(snap.pending);
  for (const { outcomes, ...rest } of snap.invitations) {
    const session = st.sessions.get(rest.sessionId);
    if (!session) throw new TypeError(`Invalid engine snapshot: invitation '${rest.id}' is about session '${rest.sessionId}', which it does not hold.`);
    const inv: InvitationRec = { ...rest, outcomes: new Map(outcomes) };
    if ((inv.state === 'pending') !== pending.has(inv.id)) {
      throw new TypeError(`Invalid engine snapshot: invitation '${inv.id}' is ${inv.state} but ${pending.has(inv.id) ? '' : 'not '}listed as pending.`);
    }
    st.invitations.set(inv.id, inv);
    session.invitationIds.add(inv.id);
  }
  for (const { outcomes, ...rest } of snap.retired) {
    if (rest.state === 'pending') throw new TypeError(`Invalid engine snapshot: retired invitation '${rest.id}' is pending.`);
    st.retired.set(rest.id, { ...rest, outcomes: new Map(outcomes) });
  }
  for (const id of snap.pending) {
    const inv = st.invitations.get(id);
    if (!inv) throw new TypeError(`Invalid engine snapshot: pending invitation '${id}' is not among the invitations.`);
    st.pending.add(inv);
  }
  for (const [id, at] of snap.afterCallWork) {
    knownUser(id, 'after-call work');
    st.afterCallWork.set(id, at);
  }
  st.joinCounter = snap.joinCounter;
  st.sessionCounter = snap.sessionCounter;
}

/**
 * A consistent view of the state at one instant, taken cheaply so a host can write it out
 * in slices while the engine goes on (server/README.md, "Compaction"). Transcripts only grow
 * at their end, so a captured session keeps its transcript array and the length it had;
 * everything else that commands change in place (parties, wrap-ups, presence, invitations'
 * outcomes, the scalar fields of sessions and invitations) is copied, one level deep. Frozen
 * views are never changed once stored, so they are shared; the command log keeps, for the
 * capture, the answers it drops until the capture is released.
 */
export interface StateCapture {
  /** How many sessions it holds (each is one piece of `pieces()`). */
  readonly sessions: number;
  /**
   * The snapshot's JSON text in pieces, each small (one session, or a batch of small
   * records): joined, the text parses to what `exportState()` answered at the capture.
   * Each call starts again from the beginning.
   */
  pieces(): Generator<string, void, undefined>;
  /** Lets the engine stop keeping what changed since for it (call once it is written). */
  release(): void;
}

/** Records of lists other than sessions serialised per piece: a batch stays well under a millisecond. */
const BATCH = 256;
/** Transcript entries serialised per piece (each up to a few hundred bytes of text). */
const ENTRIES = 64;

export function captureState(
  st: EngineState,
  positions: [UserId, number][],
  commands: CommandLogCapture,
): StateCapture {
  const presence: [UserId, Record<Channel, PresenceState>][] = [...st.agents].map(([id, agent]) => [id, { ...agent.presence }]);
  const sessions = [...st.sessions.values()].map((s) => ({
    session: s,
    scalars: { ...s },
    length: s.transcript.length,
    parties: s.parties.map((p) => ({ ...p })),
    wrapUps: [...s.wrapUps].map(([id, w]): [UserId, WrapUp] => [id, { ...w }]),
    frozen: [...s.frozen],
  }));
  const invitations = [...st.invitations.values()].map(invitationSnapshot);
  const retired = [...st.retired.values()].map(invitationSnapshot);
  const pending = [...st.pending].map((inv) => inv.id);
  const afterCallWork = [...st.afterCallWork];
  const { joinCounter, sessionCounter } = st;
  // The command log (up to 1,000 answers per user) is read at serialising time, as it was at the capture.
  return {
    sessions: sessions.length,
    release: () => commands.release(),
    *pieces() {
      yield `{"version":${ENGINE_SNAPSHOT_VERSION},"presence":`;
      yield* list(presence);
      yield ',"sessions":[';
      let first = true;
      for (const { session, scalars, length, parties, wrapUps, frozen } of sessions) {
        const { wrapUps: _w, frozen: _f, consultations: _c, invitationIds: _i, transcript: _t, ...rest } = scalars;
        // A transcript may be a quarter of a megabyte (and each frozen view holds one too): in batches.
        yield `${first ? '' : ','}${JSON.stringify({ ...rest, parties, wrapUps }).slice(0, -1)},"transcript":`;
        yield* list(session.transcript.slice(0, length), ENTRIES);
        yield ',"frozen":[';
        for (const [i, [userId, view]] of frozen.entries()) {
          const { transcript, ...others } = view;
          yield `${i === 0 ? '' : ','}[${JSON.stringify(userId)},${JSON.stringify(others).slice(0, -1)},"transcript":`;
          yield* list(transcript, ENTRIES);
          yield '}]';
        }
        yield ']}';
        first = false;
      }
      yield '],"invitations":';
      yield* list(invitations);
      yield ',"retired":';
      yield* list(retired);
      yield `,"pending":${JSON.stringify(pending)},"afterCallWork":${JSON.stringify(afterCallWork)}`;
      yield `,"joinCounter":${joinCounter},"sessionCounter":${sessionCounter},"positions":`;
      yield* list(positions);
      yield ',"commands":[';
      for (const [i, actor] of commands.actors.entries()) yield `${i === 0 ? '' : ','}[${JSON.stringify(actor)},${commands.json(actor)}]`;
      yield ']}';
    },
  };
}

/** A JSON array in pieces of `batch` items. */
function* list(items: readonly unknown[], batch = BATCH): Generator<string, void, undefined> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  for (let i = 0; i < items.length; i += batch) {
    const text = JSON.stringify(items.slice(i, i + batch));
    yield `${i === 0 ? '[' : ','}${text.slice(1, -1)}${i + batch >= items.length ? ']' : ''}`;
  }
}
