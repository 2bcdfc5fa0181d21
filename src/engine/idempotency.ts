import type { CommandResult, UserId } from './types.js';

/**
 * Remembers the answer to each actor's recent command ids, so a command re-sent after a
 * lost answer (a reconnect, say) is applied once. Bounded per actor: the oldest ids go first.
 */
export class CommandLog {
  private readonly byActor = new Map<UserId, Map<string, CommandResult>>();
  constructor(private readonly limit = 1000) {}

  get(actor: UserId, commandId: string): CommandResult | undefined {
    return this.byActor.get(actor)?.get(commandId);
  }

  remember(actor: UserId, commandId: string, result: CommandResult): void {
    let log = this.byActor.get(actor);
    if (!log) this.byActor.set(actor, (log = new Map()));
    log.set(commandId, structuredClone(result));
    if (log.size > this.limit) log.delete(log.keys().next().value as string);
  }
}
