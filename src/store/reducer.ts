import type {
  ChatEvent,
  InternalTarget,
  InvitationView,
  PartyView,
  SessionId,
  SessionView,
  TranscriptEntry,
  UserId,
  UserRef,
} from '../engine/types.js';
import type { StreamEvent } from '../transport/types.js';
import type { PendingMessage, WorkspaceState } from './types.js';

/*
 * The store's reducer: one stream event in, the next state out. Pure, and never mutates
 * its input, so selectors can rely on identity: whatever an event does not touch keeps
 * its object.
 */

/**
 * Applies one event of the user's stream. A `snapshot` replaces what the user sees and
 * starts (or restarts) an epoch; any other event is ignored unless it continues the
 * current epoch past the current position, so a duplicate or a stray event from an old
 * stream cannot corrupt the state. An `error` event is a transport's report, not part of
 * the user's stream: it carries the current position, so it is applied whatever its
 * position and leaves the stream where it was.
 */
export function reduce(state: WorkspaceState, streamEvent: StreamEvent): WorkspaceState {
  const { event, epoch, position } = streamEvent;
  if (event.type === 'error') return applyEvent(state, event);
  if (event.type !== 'snapshot') {
    if (!state.stream || state.stream.epoch !== epoch || position <= state.stream.position) return state;
  }
  const next = applyEvent(state, event);
  return { ...next, stream: { epoch, position } };
}

/** The event's effect, without the stream bookkeeping (exported for tests and tools). */
export function applyEvent(state: WorkspaceState, event: ChatEvent): WorkspaceState {
  switch (event.type) {
    case 'snapshot': {
      const { snapshot } = event;
      const sessions: Record<SessionId, SessionView> = {};
      for (const s of snapshot.sessions) sessions[s.id] = sortedTranscript(s);
      const invitations: Record<string, InvitationView> = {};
      for (const i of snapshot.invitations) invitations[i.id] = i;
      let pending = keepPendingOf(state.pending, (p) => p.sessionId in sessions);
      for (const s of Object.values(sessions)) pending = reconcilePending(pending, s.transcript, snapshot.user.id);
      const next: WorkspaceState = {
        ...state,
        user: snapshot.user,
        loaded: true,
        sessions,
        invitations,
        config: snapshot.config,
        typing: {},
        pending,
      };
      if (snapshot.presence) next.presence = snapshot.presence;
      else delete next.presence;
      return next;
    }
    case 'session-added': {
      const session = sortedTranscript(event.session);
      return {
        ...state,
        sessions: { ...state.sessions, [session.id]: session },
        pending: reconcilePending(state.pending, session.transcript, state.user?.id),
      };
    }
    case 'session-updated': {
      const session = state.sessions[event.sessionId];
      if (!session) return state;
      const updated: SessionView = { ...session, state: event.state };
      if (event.ownerId !== undefined) updated.ownerId = event.ownerId;
      if (event.endedAt !== undefined) updated.endedAt = event.endedAt;
      return withSession(state, updated);
    }
    case 'session-removed': {
      const removed = state.sessions[event.sessionId];
      if (!removed) return state;
      // A contact keeps the chat she left, ended, so her transcript stays on screen whoever
      // ended it (the engine stops sending it to her either way); the widget shows her newest chat.
      if (state.user?.role === 'contact' && removed.kind === 'interaction') {
        const me = state.user.id;
        const ended: SessionView = {
          ...removed,
          state: 'ended',
          parties: removed.parties.map((p) => (p.userId === me && p.state === 'connected' ? { ...p, state: 'left' } : p)),
        };
        return {
          ...state,
          sessions: { ...state.sessions, [event.sessionId]: ended },
          typing: without(state.typing, event.sessionId),
          pending: keepPendingOf(state.pending, (p) => p.sessionId !== event.sessionId),
        };
      }
      const { [event.sessionId]: _removed, ...sessions } = state.sessions;
      return {
        ...state,
        sessions,
        typing: without(state.typing, event.sessionId),
        pending: keepPendingOf(state.pending, (p) => p.sessionId !== event.sessionId),
      };
    }
    case 'party-updated': {
      const session = state.sessions[event.sessionId];
      if (!session) return state;
      return withSession(state, { ...session, parties: upsertParty(session.parties, event.party) });
    }
    case 'entry-added': {
      const session = state.sessions[event.sessionId];
      if (!session) return state;
      const transcript = insertEntry(session.transcript, event.entry);
      if (transcript === session.transcript) return state;
      let next = withSession(state, { ...session, transcript });
      if (event.entry.kind === 'message') {
        next = {
          ...next,
          pending: reconcilePending(next.pending, [event.entry], state.user?.id),
          typing: setTyping(next.typing, event.sessionId, event.entry.from, false),
        };
      }
      return next;
    }
    case 'typing': {
      if (event.user.id === state.user?.id) return state;
      const typing = setTyping(state.typing, event.sessionId, event.user, event.typing);
      return typing === state.typing ? state : { ...state, typing };
    }
    case 'invitation-updated':
      // Ended invitations are kept too: a preview shows that it was withdrawn or timed out.
      return { ...state, invitations: { ...state.invitations, [event.invitation.id]: event.invitation } };
    case 'wrap-up-updated': {
      const session = state.sessions[event.sessionId];
      if (!session) return state;
      return withSession(state, { ...session, wrapUp: event.wrapUp });
    }
    case 'presence-updated': {
      if (event.userId === state.user?.id) {
        if (!state.presence || state.presence[event.channel] === event.state) return state;
        return { ...state, presence: { ...state.presence, [event.channel]: event.state } };
      }
      // Another agent's, from a backend that still streams every presence: keep a cached entry current.
      const entry = state.targets[event.userId];
      if (!entry || entry.kind !== 'agent' || entry.presence[event.channel] === event.state) return state;
      const updated: InternalTarget = { ...entry, presence: { ...entry.presence, [event.channel]: event.state } };
      return { ...state, targets: { ...state.targets, [event.userId]: updated } };
    }
    case 'error':
      return { ...state, lastError: event.error };
    default:
      return state;
  }
}

function withSession(state: WorkspaceState, session: SessionView): WorkspaceState {
  return { ...state, sessions: { ...state.sessions, [session.id]: session } };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function sortedTranscript(session: SessionView): SessionView {
  const t = session.transcript;
  for (let i = 1; i < t.length; i++) {
    if (t[i]!.seq <= t[i - 1]!.seq) {
      const unique = new Map<string, TranscriptEntry>();
      for (const e of t) if (!unique.has(e.id)) unique.set(e.id, e);
      return { ...session, transcript: [...unique.values()].sort((a, b) => a.seq - b.seq) };
    }
  }
  return session;
}

function upsertParty(parties: PartyView[], party: PartyView): PartyView[] {
  const i = parties.findIndex((p) => p.userId === party.userId);
  if (i < 0) return [...parties, party];
  const next = parties.slice();
  next[i] = party;
  return next;
}

/**
 * Puts an entry at its sequence position. Entries normally arrive in order (an append);
 * one already present (same id, or the same seq) is a duplicate and leaves the
 * transcript as it was.
 */
function insertEntry(transcript: TranscriptEntry[], entry: TranscriptEntry): TranscriptEntry[] {
  const last = transcript[transcript.length - 1];
  // A later seq than every entry cannot be a duplicate: a re-delivered entry keeps its seq.
  if (!last || last.seq < entry.seq) return [...transcript, entry];
  let i = transcript.length;
  while (i > 0 && transcript[i - 1]!.seq > entry.seq) i--;
  if (i > 0 && transcript[i - 1]!.seq === entry.seq) return transcript;
  if (transcript.some((e) => e.id === entry.id)) return transcript;
  return [...transcript.slice(0, i), entry, ...transcript.slice(i)];
}

function keepPendingOf(pending: WorkspaceState['pending'], keep: (p: PendingMessage) => boolean): WorkspaceState['pending'] {
  const values = Object.values(pending);
  if (values.every(keep)) return pending;
  const next: Record<string, PendingMessage> = {};
  for (const p of values) if (keep(p)) next[p.clientMessageId] = p;
  return next;
}

/** Drops this user's pending messages that the given entries confirm. */
function reconcilePending(pending: WorkspaceState['pending'], entries: readonly TranscriptEntry[], userId: UserId | undefined): WorkspaceState['pending'] {
  let next = pending;
  for (const e of entries) {
    if (e.kind !== 'message' || !e.clientMessageId || e.from.id !== userId) continue;
    if (e.clientMessageId in next) next = without(next, e.clientMessageId);
  }
  return next;
}

function setTyping(typing: WorkspaceState['typing'], sessionId: SessionId, user: UserRef, on: boolean): WorkspaceState['typing'] {
  const current = typing[sessionId] ?? [];
  const present = current.some((u) => u.id === user.id);
  if (on === present) return typing;
  if (on) return { ...typing, [sessionId]: [...current, user] };
  const rest = current.filter((u) => u.id !== user.id);
  return rest.length ? { ...typing, [sessionId]: rest } : without(typing, sessionId);
}
