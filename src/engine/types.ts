/**
 * The chat engine's vocabulary: the domain, the commands a user may issue, the events a
 * user may receive and the errors a rejected command answers with. Everything that
 * crosses a transport is defined here (the protocol module validates it at run time),
 * so these types are the contract between engine, transports, store and components.
 */

export type UserId = string;
export type SessionId = string;
export type InvitationId = string;

export type Role = 'agent' | 'contact';

/** Media channels an agent has a presence on. Chat is the one this SDK handles itself. */
export type Channel = 'chat' | 'voice' | 'email';
export const CHANNELS: readonly Channel[] = ['chat', 'voice', 'email'];

export type PresenceState = 'ready' | 'not-ready' | 'after-call-work' | 'offline';
export const PRESENCE_STATES: readonly PresenceState[] = ['ready', 'not-ready', 'after-call-work', 'offline'];

export type PartyState = 'invited' | 'connected' | 'left' | 'removed' | 'rejected' | 'timed-out';
export const PARTY_STATES: readonly PartyState[] = ['invited', 'connected', 'left', 'removed', 'rejected', 'timed-out'];

/** `interaction` is the customer chat; `consultation` a private agent-to-agent chat attached to one. */
export type SessionKind = 'interaction' | 'consultation';

/**
 * `waiting`: the contact is connected and the chat is being routed to an agent.
 * `active`: at least one agent is connected. `ended`: nobody can write any more.
 */
export type SessionState = 'waiting' | 'active' | 'ended';

export type InvitationKind = 'chat' | 'conference' | 'consultation' | 'transfer';
export type InvitationState = 'pending' | 'accepted' | 'rejected' | 'cancelled' | 'timed-out';

export type Visibility = 'all' | 'agents';

export type TargetKind = 'agent' | 'queue' | 'routing-point';

// ---------------------------------------------------------------------------
// Directory

export interface AgentEntry {
  kind: 'agent';
  id: UserId;
  name: string;
  /** Extension or phone number the Team Communicator also searches. */
  number?: string;
  presence: Record<Channel, PresenceState>;
  /** How many chat interactions the agent may hold at once. */
  chatCapacity: number;
}

export interface RoutingTargetEntry {
  kind: 'queue' | 'routing-point';
  id: string;
  name: string;
  number?: string;
  /** Agents this target routes to, in routing preference order. */
  members: UserId[];
}

export interface ContactEntry {
  kind: 'contact';
  id: UserId;
  name: string;
}

export type DirectoryEntry = AgentEntry | RoutingTargetEntry | ContactEntry;
/** What agents see of the directory: contacts are not internal targets. */
export type InternalTarget = AgentEntry | RoutingTargetEntry;
/**
 * A target as directory searches and watches describe it. Queues and routing points come
 * without their member lists: only the engine's routing needs them, and a page of large
 * queues would otherwise carry thousands of ids nobody shows.
 */
export type DirectoryTarget = AgentEntry | Omit<RoutingTargetEntry, 'members'>;

// ---------------------------------------------------------------------------
// Configuration

export interface AfterCallWorkConfig {
  /** `none`: Done leaves presence as it was. `manual`: Done sets After Call Work until the agent sets Ready. `timed`: back to Ready after `durationMs`. */
  mode: 'none' | 'manual' | 'timed';
  durationMs: number;
}

export interface DispositionConfig {
  codes: { id: string; label: string }[];
  /** How the Disposition Code view shows the codes. */
  style: 'list' | 'radio';
  /** When true, Done is refused until a code is saved. */
  required: boolean;
}

export interface EngineConfig {
  /** Longest message text, in characters (UTF-16 code units). */
  maxMessageLength: number;
  /** How long an invitation to an agent rings before it times out. */
  inviteTimeoutMs: number;
  /** How long an agent-initiated invitation to a queue or routing point may wait for any agent in total. */
  routingTimeoutMs: number;
  afterCallWork: AfterCallWorkConfig;
  disposition: DispositionConfig;
  /** Origin shown for chats started by a contact. */
  inboundOrigin: string;
  /** Longest subject, case-data key or value, disposition note. */
  maxFieldLength: number;
  /**
   * Most entries one session's transcript may hold: past it, messages are refused with
   * `transcript-full` (system notices still go in), so no session can outgrow a snapshot frame.
   */
  maxTranscriptEntries: number;
  /** Most bytes one transcript's texts may take as they travel (UTF-8, JSON-escaped); past it, the same refusal. */
  maxTranscriptBytes: number;
}

/** What a client needs to know of the configuration to render its UI. */
export type ClientConfig = Pick<EngineConfig, 'maxMessageLength' | 'maxFieldLength' | 'disposition' | 'afterCallWork' | 'inviteTimeoutMs'>;

// ---------------------------------------------------------------------------
// Views: what a user is shown of the state (already filtered for that user)

export interface UserRef {
  id: UserId;
  name: string;
  role: Role;
}

export interface PartyView {
  userId: UserId;
  name: string;
  role: Role;
  state: PartyState;
  /** When the party was last invited or connected (ms since epoch). */
  since: number;
}

export type NoticeKind =
  | 'waiting' // "Agent will be with you shortly"
  | 'party-joined' // "New party '<name>' has joined the session"
  | 'party-left'; // "Party '<name>' has left the session"

export interface MessageEntry {
  kind: 'message';
  /** Position in the session's transcript: increases by one per entry, never goes back. */
  seq: number;
  id: string;
  at: number;
  visibility: Visibility;
  from: UserRef;
  text: string;
  /** The id the sender's client gave the message, so it can reconcile its optimistic copy. */
  clientMessageId?: string;
}

export interface NoticeEntry {
  kind: 'notice';
  seq: number;
  id: string;
  at: number;
  visibility: Visibility;
  notice: NoticeKind;
  /** The party the notice is about, if any. */
  subject?: UserRef;
  /** The default English wording; components localise from `notice` and `subject`. */
  text: string;
}

export type TranscriptEntry = MessageEntry | NoticeEntry;

export interface WrapUp {
  dispositionCode?: string;
  note?: string;
  done: boolean;
}

export interface SessionView {
  id: SessionId;
  kind: SessionKind;
  /** For a consultation: the interaction it is attached to. */
  parentId?: SessionId;
  origin: string;
  subject: string;
  caseData: Record<string, string>;
  state: SessionState;
  /** The agent who owns the interaction now (moves on transfer and automatic transfer). */
  ownerId?: UserId;
  contact?: UserRef;
  parties: PartyView[];
  transcript: TranscriptEntry[];
  createdAt: number;
  endedAt?: number;
  /** This user's own disposition, note and Done (agents only). */
  wrapUp?: WrapUp;
}

export interface InvitationView {
  id: InvitationId;
  kind: InvitationKind;
  state: InvitationState;
  /** The interaction the invitation is about. */
  sessionId: SessionId;
  /** For `consultation`: the consultation session. For a conference from a consultation: that consultation. */
  consultationId?: SessionId;
  from: UserRef;
  target: { id: string; kind: TargetKind; name: string };
  /** The customer of the interaction, so a preview can be titled after them as in the seed ("Avril Mai - …"). */
  contact?: UserRef;
  /** The agent it is offered to now (for a queue: the routed agent), if any. */
  invitee?: UserRef;
  origin: string;
  subject: string;
  caseData: Record<string, string>;
  createdAt: number;
  /** When the current offer times out, if it is ringing. */
  expiresAt?: number;
  /** Why it ended, in words, when it is not pending. */
  reason?: string;
}

export interface UserSnapshot {
  user: UserRef;
  /** Everything this user may see now. */
  sessions: SessionView[];
  /** Pending invitations this user was offered or started. */
  invitations: InvitationView[];
  /**
   * The agent's own presence per channel (agents only). The directory is not in the
   * snapshot (it was most of an agent's first frame): a client searches it through its
   * transport (`searchDirectory`) and follows the presence of the targets it shows (`watchTargets`).
   */
  presence?: Record<Channel, PresenceState>;
  config: ClientConfig;
}

// ---------------------------------------------------------------------------
// Commands (what a user asks for)

interface CommandBase {
  /** Idempotency key: a command re-sent with the same id by the same user is applied once. */
  commandId?: string;
}

export type Command =
  | (CommandBase & { type: 'start-chat'; subject: string; caseData?: Record<string, string>; targetId?: string })
  | (CommandBase & {
      type: 'send-message';
      sessionId: SessionId;
      text: string;
      visibility?: Visibility;
      clientMessageId?: string;
    })
  | (CommandBase & {
      type: 'set-typing';
      sessionId: SessionId;
      typing: boolean;
      /** What is being typed: `agents` (an agents-only note) is shown to agents only, never the contact. Default `all`. */
      visibility?: Visibility;
    })
  | (CommandBase & {
      type: 'invite';
      sessionId: SessionId;
      kind: 'conference' | 'consultation' | 'transfer';
      targetId: string;
      /** Conference from an active consultation: the consultation whose party is invited. */
      consultationId?: SessionId;
    })
  | (CommandBase & { type: 'accept-invitation'; invitationId: InvitationId })
  | (CommandBase & { type: 'reject-invitation'; invitationId: InvitationId })
  | (CommandBase & { type: 'cancel-invitation'; invitationId: InvitationId })
  | (CommandBase & { type: 'leave'; sessionId: SessionId })
  | (CommandBase & { type: 'remove-party'; sessionId: SessionId; userId: UserId })
  | (CommandBase & { type: 'set-disposition'; sessionId: SessionId; dispositionCode?: string; note?: string })
  | (CommandBase & { type: 'mark-done'; sessionId: SessionId })
  | (CommandBase & { type: 'set-presence'; channel: Channel; state: PresenceState });

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

// ---------------------------------------------------------------------------
// Events (what a user receives, in order)

export type ChatEvent =
  | { type: 'snapshot'; snapshot: UserSnapshot }
  | { type: 'session-added'; session: SessionView }
  | {
      type: 'session-updated';
      sessionId: SessionId;
      state: SessionState;
      ownerId?: UserId;
      endedAt?: number;
    }
  | { type: 'session-removed'; sessionId: SessionId }
  | { type: 'party-updated'; sessionId: SessionId; party: PartyView }
  | { type: 'entry-added'; sessionId: SessionId; entry: TranscriptEntry }
  | { type: 'typing'; sessionId: SessionId; user: UserRef; typing: boolean }
  | { type: 'invitation-updated'; invitation: InvitationView }
  | { type: 'wrap-up-updated'; sessionId: SessionId; wrapUp: WrapUp }
  | { type: 'presence-updated'; userId: UserId; channel: Channel; state: PresenceState }
  /** A problem the transport or server reports outside any command's answer (a malformed frame, say). */
  | { type: 'error'; error: ChatError };

export type ChatEventType = ChatEvent['type'];

/** One event addressed to one user, at its position in that user's stream (1, 2, 3, … no gaps). */
export interface Delivery {
  to: UserId;
  position: number;
  event: ChatEvent;
  /**
   * The event's JSON text (what `JSON.stringify(event)` gives), when the engine made it
   * already: a message's `entry-added`, whose entry the transcript cap encodes to count it.
   * A host that sends events as text uses it instead of encoding the event again.
   */
  json?: string | undefined;
}

// ---------------------------------------------------------------------------
// Errors and results

export type ErrorCode =
  | 'invalid-command' // not a command this engine knows, or a malformed one
  | 'invalid-input' // a field out of bounds: empty or over-long text, unknown disposition code, …
  | 'unknown-user'
  | 'unknown-session'
  | 'unknown-invitation'
  | 'unknown-target'
  | 'not-a-party' // acting on a session the actor is not connected to
  | 'invalid-state' // the command does not fit the current state
  | 'forbidden' // the actor's role may not do this (a contact issuing an agent command, …)
  | 'no-capacity'
  | 'transcript-full' // the session's transcript holds as much as it may: no more messages
  | 'malformed-frame' // transport level: a frame that is not valid
  | 'not-connected' // transport level: sent while not connected
  | 'timeout' // transport level: no answer in time
  | 'rate-limited'
  | 'unauthorized';

export interface ChatError {
  code: ErrorCode;
  /** A readable English sentence saying what went wrong and, where it helps, what to do. */
  message: string;
  /** The command field or id the error is about, when there is one. */
  field?: string;
}

export type CommandValue = { sessionId?: SessionId; invitationId?: InvitationId; entryId?: string };

export type CommandResult = { ok: true; value?: CommandValue } | { ok: false; error: ChatError };

export type ExecuteResult = CommandResult & { deliveries: Delivery[] };

export class ChatCommandError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  constructor(error: ChatError) {
    super(error.message);
    this.name = 'ChatCommandError';
    this.code = error.code;
    this.field = error.field;
  }
  toJSON(): ChatError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}
