import type { ChatEngine } from '../src/engine/api.js';
import type { Command, CommandResult, UserId } from '../src/engine/types.js';
import type { StreamPosition } from '../src/transport/types.js';
import type { StreamSubscriber } from './chat-hub.js';

export interface Attached {
  resumed: boolean;
  detach(): void;
}

/**
 * What a connection needs of the engine's host, whichever deployment shape runs it: the
 * one-node hub answers at once (server/chat-hub.ts), a cluster node once the shared log has
 * the command (server/cluster/cluster-hub.ts).
 */
export interface EngineHub {
  readonly epoch: string;
  readonly engine: ChatEngine;
  execute(actor: UserId, command: Command): CommandResult | Promise<CommandResult>;
  attach(userId: UserId, subscriber: StreamSubscriber, resumeFrom?: StreamPosition): Attached | Promise<Attached>;
  close(): void | Promise<void>;
}
