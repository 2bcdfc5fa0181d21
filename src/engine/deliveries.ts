import { copyData } from './copy.js';
import type { ChatEvent, Delivery, UserId } from './types.js';

/**
 * Each user's stream position, and the deliveries one call produces. Positions are
 * handed out as events are emitted; handlers only emit after validation, so a refused
 * command never consumes a position.
 */
export class Positions {
  private readonly last = new Map<UserId, number>();
  get(userId: UserId): number {
    return this.last.get(userId) ?? 0;
  }
  entries(): [UserId, number][] {
    return [...this.last];
  }
  restore(entries: [UserId, number][]): void {
    this.last.clear();
    for (const [userId, position] of entries) this.last.set(userId, position);
  }
  next(userId: UserId): number {
    const position = this.get(userId) + 1;
    this.last.set(userId, position);
    return position;
  }
}

export class Outbox {
  readonly deliveries: Delivery[] = [];
  constructor(private readonly positions: Positions) {}

  /** Copies the event so no receiver can reach into the engine's state through it. */
  emit(to: UserId, event: ChatEvent): void {
    this.deliveries.push({ to, position: this.positions.next(to), event: copyData(event), json: undefined });
  }

  /**
   * One copy for the whole audience, not one per recipient: copying was the costliest part
   * of a delivery, and a shared copy also lets a server encode the event once. Receivers
   * therefore get the same object and must treat events as read-only (the memory transport
   * already handed one object to every tab of a user); none can reach the engine's state.
   */
  emitAll(recipients: readonly UserId[], event: ChatEvent, json?: string): void {
    let copy: ChatEvent | undefined;
    const first = this.deliveries.length;
    for (const to of recipients) {
      // Each recipient once: audiences are a handful of ids, so a look back beats building a Set.
      if (this.hasSince(first, to)) continue;
      copy ??= copyData(event);
      this.deliveries.push({ to, position: this.positions.next(to), event: copy, json });
    }
  }

  private hasSince(first: number, to: UserId): boolean {
    for (let i = first; i < this.deliveries.length; i++) if (this.deliveries[i]!.to === to) return true;
    return false;
  }
}
