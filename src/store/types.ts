import type { Observable } from 'rxjs';
import type {
  Channel,
  ChatError,
  ClientConfig,
  Command,
  CommandResult,
  DirectoryTarget,
  InvitationView,
  MessageEntry,
  PartyView,
  PresenceState,
  SessionId,
  SessionView,
  TranscriptEntry,
  UserId,
  UserRef,
  Visibility,
} from '../engine/types.js';
import type { ConnectionState, StreamPosition, Transport } from '../transport/types.js';
import type { DirectoryQuery } from '../protocol/directory.js';
import type { DirectorySearchResult, WatchResult } from './directory.js';

/** A message this client sent that the engine has not confirmed yet, or refused. */
export interface PendingMessage {
  clientMessageId: string;
  sessionId: SessionId;
  text: string;
  visibility: Visibility;
  /** When it was first sent, by this client's clock. */
  at: number;
  status: 'sending' | 'failed';
  error?: ChatError;
}

/** The store's whole state for one signed-in user. Plain data; replaced, never mutated. */
export interface WorkspaceState {
  user?: UserRef;
  connection: ConnectionState;
  /** Where this client is in its stream; what it resumes from after a reconnect. */
  stream?: StreamPosition;
  /** Whether a snapshot has arrived since the store was created. */
  loaded: boolean;
  sessions: Readonly<Record<SessionId, SessionView>>;
  invitations: Readonly<Record<string, InvitationView>>;
  /** This user's own presence per channel (agents), from the snapshot and their own `presence-updated` events. */
  presence?: Readonly<Record<Channel, PresenceState>>;
  /**
   * Directory entries this client has been given, by id: from search pages and watch
   * answers, their presence kept current for the watched ones. A small cache, not the
   * directory: the backend searches (`WorkspaceStore.searchDirectory`).
   */
  targets: Readonly<Record<string, DirectoryTarget>>;
  config?: ClientConfig;
  /** Who is typing in each session (never the user themself). */
  typing: Readonly<Record<SessionId, readonly UserRef[]>>;
  pending: Readonly<Record<string, PendingMessage>>;
  /** The last error event the transport reported outside a command's answer. */
  lastError?: ChatError;
  /**
   * When this user's timed after-call work ends and chat presence returns to Ready (this
   * client's clock: when the switch arrived plus the configured duration). Absent when not
   * in timed after-call work, or when the store joined it already under way.
   */
  afterCallWorkEndsAt?: number;
}

// ---------------------------------------------------------------------------
// View models: what selectors give components, ready to render

/** A transcript line: a confirmed entry, or one of this client's own pending messages. */
export type TranscriptItem =
  | { kind: 'entry'; entry: TranscriptEntry; own: boolean }
  | { kind: 'pending'; pending: PendingMessage; own: true };

export interface ConsultationVM {
  session: SessionView;
  /** The other agent of the consultation. */
  peer?: PartyView;
  /** When it started, for the running timer (ms since epoch, engine clock). */
  startedAt: number;
  /** When it ended, if it did; the timer stops there. */
  endedAt?: number;
  /** This user is still connected to it. */
  active: boolean;
  canSend: boolean;
  canEnd: boolean;
  canDone: boolean;
}

export interface InteractionVM {
  session: SessionView;
  /** This user's own party in it. */
  me?: PartyView;
  /** The user owns the interaction now. */
  owner: boolean;
  /** `active`: this user is connected. `ended`: this user's part is over (wrap-up). */
  myState: 'active' | 'ended';
  contact?: PartyView;
  /** Parties to show (everyone who joined or is ringing), contact first. */
  parties: PartyView[];
  consultations: ConsultationVM[];
  /** Invitations this user started for this interaction that are still pending. */
  outgoing: InvitationView[];
  canSend: boolean;
  canConference: boolean;
  canConsult: boolean;
  canTransfer: boolean;
  canEnd: boolean;
  /** Disposition and note may be set (the user's part has ended, Done not yet). */
  canWrapUp: boolean;
  canDone: boolean;
}

export type { DirectoryFilter, DirectoryPage, DirectoryQuery } from '../protocol/directory.js';
export type { DirectorySearchResult, WatchResult } from './directory.js';

export interface WorkspaceStoreOptions {
  transport: Transport;
  user: { id: UserId; token?: string };
  /** The clock pending messages are stamped with (defaults to `Date.now`). */
  now?: () => number;
  /** Makes client message ids (defaults to `crypto.randomUUID`). */
  newId?: () => string;
}

export interface WorkspaceStore {
  readonly state$: Observable<WorkspaceState>;
  /** The current state. */
  readonly state: WorkspaceState;
  /** A selector's result, emitted when it changes (compared with `Object.is` unless told), shared. */
  select<T>(selector: (state: WorkspaceState) => T, equals?: (a: T, b: T) => boolean): Observable<T>;
  /**
   * Sends a command and resolves with the answer (never rejects). A `send-message` is
   * shown at once as a pending message and reconciled by its client message id.
   */
  dispatch(command: Command): Promise<CommandResult>;
  /** Sends a failed pending message again. */
  retry(clientMessageId: string): Promise<CommandResult>;
  /** Drops a failed pending message. */
  discard(clientMessageId: string): void;
  /**
   * One page of the backend's directory search, best first, each entry with its current
   * presence (the signed-in user is never listed). Never rejects: a bad query or a lost
   * connection resolves `{ ok: false, error }`. The page's entries join `state.targets`.
   */
  searchDirectory(query: DirectoryQuery): Promise<DirectorySearchResult>;
  /**
   * Follows the presence of `ids` (favourites, what a view shows): the backend watches the
   * union of every owner's ids and the agents of the user's sessions, and pushes their
   * presence into `state.targets`. Each view passes its own `owner` (default `default`);
   * `[]` releases its ids. Duplicates are dropped and a set identical to the one the
   * backend holds is not sent again. Resolves with the entries known for `ids` once the
   * backend answered (never rejects).
   */
  watchTargets(ids: readonly string[], owner?: string): Promise<WatchResult>;
  /** Connects the transport (resuming from the last position when there is one). */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Disconnects and completes `state$`. */
  destroy(): void;
}

export type { Channel, PresenceState, MessageEntry };

/** What a Conference Party Action Menu shows: the interaction, the party, and who asks. */
export interface PartyMenuVM {
  interaction?: InteractionVM;
  party?: PartyView;
  meId?: string;
}

/** What an Interaction Preview shows: the request offered to this user, if any. */
export interface PreviewVM {
  invitation?: InvitationView;
  /** Further requests ringing behind it (when the preview shows the longest-ringing one). */
  waitingBehind: number;
  /** The customer's name, for the title ("Avril Mai - Chat conference request"). */
  contactName?: string;
}
