import type { Observable } from 'rxjs';
import type { Command, CommandResult, DirectoryTarget, UserId } from '../engine/types.js';
import type { DirectoryPage, DirectoryQuery, PresenceChange } from '../protocol/directory.js';

// The stream's position and event are protocol: they cross every transport.
import type { StreamEvent, StreamPosition } from '../protocol/stream.js';
export type { StreamEvent, StreamPosition };
export type { DirectoryPage, DirectoryQuery, PresenceChange };

export type ConnectionStatus =
  | 'idle' // never connected
  | 'connecting'
  | 'connected'
  | 'reconnecting' // lost the connection; trying again and will resume
  | 'disconnected' // closed on purpose
  | 'failed'; // gave up (refused credentials, for example)

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the connection is not up, in words, when it is not. */
  reason?: string;
}

export interface ConnectOptions {
  userId: UserId;
  /** Credentials for transports that need them (a signed token for the WebSocket transport). */
  token?: string;
  /**
   * Resume after this position: the transport delivers every event after it exactly once
   * and in order. Without it, or when the epoch no longer matches, the stream starts with
   * a `snapshot` event.
   */
  resumeFrom?: StreamPosition;
}

/**
 * What a backend adapter implements. The store uses nothing else, so a vendor who
 * implements this (and passes the conformance suite) can put the components on their
 * own contact center.
 */
export interface Transport {
  /** The current connection state, replayed to each new subscriber. */
  readonly connection$: Observable<ConnectionState>;
  /**
   * The user's events in stream order. Hot: a subscriber sees events from when it
   * subscribed, so subscribe before calling `connect`.
   */
  readonly events$: Observable<StreamEvent>;
  /** Opens the stream for `options.userId`. Rejects with a `ChatCommandError` it cannot. */
  connect(options: ConnectOptions): Promise<void>;
  /**
   * Sends one command and resolves with the engine's answer. Never rejects for a refused
   * command: refusals are `{ ok: false, error }` with a typed error code.
   */
  send(command: Command): Promise<CommandResult>;
  /** Closes the stream. `connect` may be called again afterwards, with `resumeFrom`. */
  disconnect(): Promise<void>;
  /** Presence changes of the targets this client watches. Hot; not part of the ordered stream (nothing to resume). */
  readonly presence$: Observable<PresenceChange>;
  /**
   * One page of directory search results, ranked as the Team Communicator's index ranks
   * them, each with current presence. The signed-in user is never listed. Rejects with a
   * ChatCommandError: `invalid-input` for a bad query, `not-connected` when not connected
   * (and `forbidden` for a contact: the directory is the agents').
   */
  searchDirectory(query: DirectoryQuery): Promise<DirectoryPage>;
  /**
   * Replaces the set of targets whose presence this client follows; resolves with their
   * current entries (unknown ids left out, order kept). The transport re-sends the set
   * after a reconnect (and emits on presence$ whatever changed meanwhile). A bad list
   * rejects with `invalid-input` and keeps the previous set. When not connected it keeps
   * the set, rejects with `not-connected`, and sends the set once connected (emitting the
   * watched agents' presence on presence$ then).
   */
  watchTargets(ids: readonly string[]): Promise<DirectoryTarget[]>;
}
