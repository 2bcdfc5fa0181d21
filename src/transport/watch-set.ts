import type { Channel, DirectoryTarget, PresenceState, UserId } from '../engine/types.js';
import type { PresenceChange } from '../protocol/directory.js';
import type { Assert, Equals } from '../protocol/shared.js';

// The engine's CHANNELS, spelled out: this module is loaded on demand by the WebSocket
// transport's directory part, which imports nothing at run time that the page loads at once.
const CHANNELS = ['chat', 'voice', 'email'] as const;
export type _ChannelsComplete = Assert<Equals<(typeof CHANNELS)[number], Channel>>;

/**
 * What a transport remembers of its watch list, so it can send the list again after a
 * reconnect and tell its client only what changed meanwhile. Shared by every transport.
 */
export class WatchSet {
  /** The ids the client asked for last (sent again on every (re)connection). */
  ids: readonly string[] = [];
  private readonly known = new Map<UserId, Record<Channel, PresenceState>>();

  /** The client asked for `ids`: forget what is no longer watched. */
  replace(ids: readonly string[]): void {
    this.ids = [...ids];
    const wanted = new Set(ids);
    for (const id of this.known.keys()) if (!wanted.has(id)) this.known.delete(id);
  }

  /** The backend answered a watch the client is waiting for: it learns the entries from the answer. */
  answered(entries: readonly DirectoryTarget[]): void {
    for (const entry of entries) if (entry.kind === 'agent') this.known.set(entry.id, { ...entry.presence });
  }

  /**
   * The backend answered a watch sent again by the transport (after a reconnect): the
   * changes the client has not heard, to emit on `presence$`.
   */
  resent(entries: readonly DirectoryTarget[]): PresenceChange[] {
    const changes: PresenceChange[] = [];
    const wanted = new Set(this.ids);
    for (const entry of entries) {
      // The client may have replaced the list while this one was on its way.
      if (entry.kind !== 'agent' || !wanted.has(entry.id)) continue;
      const before = this.known.get(entry.id);
      for (const channel of CHANNELS) {
        if (before?.[channel] !== entry.presence[channel]) changes.push({ userId: entry.id, channel, state: entry.presence[channel] });
      }
      this.known.set(entry.id, { ...entry.presence });
    }
    return changes;
  }

  /** A change arrived: remember it; false when it says nothing new (or the id is not watched). */
  heard(change: PresenceChange): boolean {
    const presence = this.known.get(change.userId);
    if (!presence) return this.ids.includes(change.userId);
    if (presence[change.channel] === change.state) return false;
    presence[change.channel] = change.state;
    return true;
  }
}
