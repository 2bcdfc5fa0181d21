import { copyData } from './copy.js';
import type { CommandResult, UserId } from './types.js';

/** One remembered answer: when the command ran and what it answered. */
export type RememberedCommand = [commandId: string, at: number, result: CommandResult];

/**
 * Remembers the answer to each actor's recent command ids, so a command re-sent after a
 * lost answer (a reconnect, say) is applied once. Bounded per actor by count (the oldest
 * ids go first) and by age: a re-send comes within seconds or minutes of the original, so
 * answers older than `maxAgeMs` are forgotten and steady traffic does not grow the heap.
 */
export class CommandLog {
  private readonly byActor = new Map<UserId, Map<string, { at: number; result: CommandResult }>>();
  private prunedAt = -Infinity;
  constructor(
    private readonly limit = 1000,
    private readonly maxAgeMs = Infinity,
  ) {}

  get(actor: UserId, commandId: string, now: number): CommandResult | undefined {
    const kept = this.byActor.get(actor)?.get(commandId);
    return kept && now - kept.at <= this.maxAgeMs ? kept.result : undefined;
  }

  remember(actor: UserId, commandId: string, result: CommandResult, now: number): void {
    let log = this.byActor.get(actor);
    if (!log) this.byActor.set(actor, (log = new Map()));
    log.delete(commandId);
    log.set(commandId, { at: now, result: copyData(result) });
    if (log.size > this.limit) log.delete(log.keys().next().value as string);
    // Entries are in time order, so the expired ones are at the front.
    for (const [id, kept] of log) {
      if (now - kept.at <= this.maxAgeMs) break;
      log.delete(id);
    }
    this.prune(now);
  }

  /** Drops every actor's expired answers (an actor who went quiet keeps none for long). */
  private prune(now: number): void {
    if (now - this.prunedAt < this.maxAgeMs / 4) return;
    this.prunedAt = now;
    for (const [actor, log] of this.byActor) {
      for (const [id, kept] of log) {
        if (now - kept.at <= this.maxAgeMs) break;
        log.delete(id);
      }
      if (log.size === 0) this.byActor.delete(actor);
    }
  }
  /**
   * Every remembered answer, per actor in age order (for engine snapshots). The results are
   * the kept ones, not copies: `exportState` copies the whole snapshot once, and a second copy
   * here doubled the cost of a server's compaction.
   */
  entries(): [UserId, RememberedCommand[]][] {
    return [...this.byActor].map(([actor, log]) => [actor, [...log].map(([id, { at, result }]) => [id, at, result])]);
  }

  restore(entries: [UserId, RememberedCommand[]][]): void {
    this.byActor.clear();
    for (const [actor, list] of entries) {
      this.byActor.set(actor, new Map(list.map(([id, at, result]) => [id, { at, result: structuredClone(result) }])));
    }
  }
}
