import type {
  AgentEntry,
  Channel,
  ContactEntry,
  DirectoryEntry,
  InvitationId,
  InvitationKind,
  InvitationState,
  PartyState,
  PresenceState,
  RoutingTargetEntry,
  SessionId,
  SessionKind,
  SessionState,
  SessionView,
  TargetKind,
  TranscriptEntry,
  UserId,
  UserRef,
  WrapUp,
} from './types.js';
import { CHANNELS, PRESENCE_STATES } from './types.js';

export interface PartyRec {
  user: UserRef;
  state: PartyState;
  /** When the party was last invited or connected. */
  since: number;
  /** Whether the party ever connected: the contact is only ever shown agents who did. */
  joined: boolean;
  /** Order of the party's latest join; the earliest-joined remaining agent becomes owner. */
  joinOrder: number;
  /** What the contact was last shown of this party, so the contact never sees ringing agents. */
  shown?: { state: PartyState; since: number };
}

export interface SessionRec {
  id: SessionId;
  /** Creation order: a user's sessions are listed in it, whatever order the indexes hold them in. */
  order: number;
  kind: SessionKind;
  parentId?: SessionId;
  origin: string;
  subject: string;
  caseData: Record<string, string>;
  state: SessionState;
  ownerId?: UserId;
  contactId?: UserId;
  /** The contact closed the chat: they see nothing of it any more. */
  contactDismissed: boolean;
  parties: PartyRec[];
  transcript: TranscriptEntry[];
  createdAt: number;
  endedAt?: number;
  /** Per agent who ever joined: disposition, note and Done. */
  wrapUps: Map<UserId, WrapUp>;
  /**
   * What an agent who left or was removed last received of the session. They get no further
   * events of it, so their snapshot must stay what their stream built.
   */
  frozen: Map<UserId, SessionView>;
  /** Consultations attached to this interaction that are still held (not evicted). */
  consultations: Set<SessionId>;
  /** Invitations made from this session: they go when the session is evicted. */
  invitationIds: Set<InvitationId>;
}

export type OfferOutcome = 'rejected' | 'timed-out';

export interface InvitationRec {
  id: InvitationId;
  kind: InvitationKind;
  state: InvitationState;
  sessionId: SessionId;
  consultationId?: SessionId;
  fromId: UserId;
  target: { id: string; kind: TargetKind; name: string };
  inviteeId?: UserId;
  createdAt: number;
  /** Ring deadline of the current offer. */
  expiresAt?: number;
  /** Total deadline of an agent-initiated invitation to a queue or routing point. */
  routingDeadline?: number;
  reason?: string;
  /** Agents a routed invitation was offered to before, and how that offer ended. */
  outcomes: Map<UserId, OfferOutcome>;
}

export interface AgentRec {
  entry: AgentEntry;
  presence: Record<Channel, PresenceState>;
}

export interface EngineState {
  users: Map<UserId, UserRef>;
  agents: Map<UserId, AgentRec>;
  contacts: Map<UserId, ContactEntry>;
  targets: Map<string, RoutingTargetEntry>;
  sessions: Map<SessionId, SessionRec>;
  invitations: Map<InvitationId, InvitationRec>;
  /** The pending invitations, oldest first, so routing and deadlines need not scan every invitation ever made. */
  pending: Set<InvitationRec>;
  /** After-call-work deadlines: when each agent goes back to Ready. */
  afterCallWork: Map<UserId, number>;
  joinCounter: number;
  /** Sessions held per user (every party and the contact), so no command walks every session. */
  byUser: Map<UserId, Set<SessionRec>>;
  sessionCounter: number;
  /**
   * The latest invitations of evicted sessions (bounded, oldest out first), so a late accept
   * or reject is still told "already cancelled" rather than "no such invitation". Never pending.
   */
  retired: Map<InvitationId, InvitationRec>;
}

/** How many invitations of evicted sessions are remembered for late answers. */
export const RETIRED_INVITATIONS = 1000;

/** Builds the state from the directory, refusing a directory that cannot work (a programming error). */
export function createState(directory: DirectoryEntry[]): EngineState {
  if (!Array.isArray(directory)) throw new TypeError('Invalid directory: it must be an array.');
  const state: EngineState = {
    users: new Map(),
    agents: new Map(),
    contacts: new Map(),
    targets: new Map(),
    sessions: new Map(),
    invitations: new Map(),
    pending: new Set(),
    afterCallWork: new Map(),
    joinCounter: 0,
    byUser: new Map(),
    sessionCounter: 0,
    retired: new Map(),
  };
  const ids = new Set<string>();
  for (const entry of directory) {
    if (!entry || typeof entry.id !== 'string' || entry.id === '' || typeof entry.name !== 'string') {
      throw new TypeError('Invalid directory: every entry needs a string id and name.');
    }
    if (ids.has(entry.id)) throw new TypeError(`Invalid directory: id '${entry.id}' appears twice.`);
    ids.add(entry.id);
    if (entry.kind === 'agent') {
      if (!Number.isInteger(entry.chatCapacity) || entry.chatCapacity < 0) {
        throw new TypeError(`Invalid directory: agent '${entry.id}' needs a non-negative integer chatCapacity.`);
      }
      const presence = {} as Record<Channel, PresenceState>;
      for (const channel of CHANNELS) {
        const value = entry.presence?.[channel] ?? 'offline';
        if (!PRESENCE_STATES.includes(value)) {
          throw new TypeError(`Invalid directory: agent '${entry.id}' has presence '${String(value)}' on ${channel}.`);
        }
        presence[channel] = value;
      }
      state.agents.set(entry.id, { entry: { ...entry, presence: { ...presence } }, presence });
      state.users.set(entry.id, { id: entry.id, name: entry.name, role: 'agent' });
    } else if (entry.kind === 'contact') {
      state.contacts.set(entry.id, { ...entry });
      state.users.set(entry.id, { id: entry.id, name: entry.name, role: 'contact' });
    } else if (entry.kind === 'queue' || entry.kind === 'routing-point') {
      if (!Array.isArray(entry.members)) {
        throw new TypeError(`Invalid directory: ${entry.kind} '${entry.id}' needs a members array.`);
      }
      state.targets.set(entry.id, { ...entry, members: [...entry.members] });
    } else {
      throw new TypeError(`Invalid directory: unknown entry kind '${String((entry as { kind?: unknown }).kind)}'.`);
    }
  }
  for (const target of state.targets.values()) {
    for (const member of target.members) {
      if (!state.agents.has(member)) {
        throw new TypeError(`Invalid directory: ${target.kind} '${target.id}' lists '${member}', who is not an agent.`);
      }
    }
  }
  return state;
}

export const partyOf = (session: SessionRec, userId: UserId): PartyRec | undefined =>
  session.parties.find((p) => p.user.id === userId);

export const isConnected = (session: SessionRec, userId: UserId): boolean => partyOf(session, userId)?.state === 'connected';

export const connectedAgents = (session: SessionRec): PartyRec[] =>
  session.parties.filter((p) => p.user.role === 'agent' && p.state === 'connected');

/** The session an invitation's invitee joins on accept. */
export function joinSessionId(invitation: InvitationRec): SessionId {
  return invitation.kind === 'consultation' && invitation.consultationId ? invitation.consultationId : invitation.sessionId;
}

/** Records that `userId` takes part in `s` (the per-user index). */
export function indexUser(st: EngineState, s: SessionRec, userId: UserId): void {
  let set = st.byUser.get(userId);
  if (!set) st.byUser.set(userId, (set = new Set()));
  set.add(s);
}

/** Adds a new session to the state and to the indexes of its parties and parent. */
export function addSession(st: EngineState, s: SessionRec): void {
  st.sessions.set(s.id, s);
  for (const p of s.parties) indexUser(st, s, p.user.id);
  if (s.contactId) indexUser(st, s, s.contactId);
  if (s.parentId) st.sessions.get(s.parentId)?.consultations.add(s.id);
}

/** The sessions `userId` takes part in, in creation order. */
export function sessionsOf(st: EngineState, userId: UserId): SessionRec[] {
  const set = st.byUser.get(userId);
  return set ? [...set].sort((a, b) => a.order - b.order) : [];
}

/** Adds an invitation, indexed under the session it was made from. */
export function addInvitation(st: EngineState, inv: InvitationRec): void {
  st.invitations.set(inv.id, inv);
  st.sessions.get(inv.sessionId)?.invitationIds.add(inv.id);
  if (inv.state === 'pending') st.pending.add(inv);
}
