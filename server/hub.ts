import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, UserId } from '../src/engine/types.js';
import type { PresenceWatcher } from '../src/host/engine-host.js';
import type { DirectoryPage, PresenceChange } from '../src/protocol/directory.js';
import type { StreamPosition } from '../src/transport/types.js';
import type { StreamSubscriber } from './chat-hub.js';

export interface Attached {
  resumed: boolean;
  detach(): void;
}

/**
 * What a connection needs of the engine's host, whichever deployment shape runs it: the
 * one-node hub (server/chat-hub.ts) answers once the journal has the command, a cluster node
 * (server/cluster/cluster-hub.ts) once the shared Redis log has it and its replica applied it.
 */
export interface EngineHub {
  readonly epoch: string;
  readonly engine: ChatEngine;
  /** Runs the command; `reply` gets its result once it is recorded (its events go out first). */
  execute(actor: UserId, command: Command, reply?: (result: CommandResult) => void): void;
  /** Runs `callback` after every command accepted so far was answered. */
  afterPending(callback: () => void): void;
  /** Subscribes to a user's stream, handing over the missed events or a snapshot first. */
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): Attached | Promise<Attached>;
  /**
   * Resolves once this host has applied every input acknowledged anywhere before the call (a
   * cluster node catches up with the shared log; one node is always current). Searches and
   * watch lists are answered after it, so they see what any node already answered.
   */
  current(): void | Promise<void>;
  /** One page of a directory search by `userId` (never listing them); throws a `ChatCommandError` for a bad query or a contact. */
  searchDirectory(userId: UserId, query: unknown): DirectoryPage;
  /** A connection's watch list: presence changes of the watched agents reach `onChange` (on every node in a cluster). */
  watcher(userId: UserId, onChange: (change: PresenceChange) => void): PresenceWatcher;
  close(): void | Promise<void>;
}
