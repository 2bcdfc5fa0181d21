import { Observable, type Subscriber } from 'rxjs';
import { ChatCommandError, type Channel, type ChatError, type InternalTarget, type PresenceState } from '../engine/types.js';
import { directoryTarget, MAX_DIRECTORY_PAGE, type DirectoryPage, type DirectoryQuery, type PresenceChange } from '../protocol/directory.js';
import { createDirectoryIndex, search, type DirectoryIndex } from '../directory/search.js';
import type { DirectoryBackend } from './directory.js';

/*
 * A directory backend over a fixed list of targets, for component tests and stories: it
 * searches and ranks as a server does (the shared directory index), follows the watch set,
 * and lets the test hold answers back, make searches fail and change an agent's presence.
 */

/** Answers held back until `release` (to answer an older search after a newer one). */
export interface HeldAnswers {
  release(): void;
}

export interface FixtureDirectory extends DirectoryBackend {
  /** The targets now (presence changes included). */
  readonly targets: readonly InternalTarget[];
  /** Every search asked, in order. */
  readonly searches: readonly DirectoryQuery[];
  /** How many searches have been answered (or failed) so far. */
  readonly answered: number;
  /** Every watch set asked, in order. */
  readonly watchCalls: readonly (readonly string[])[];
  /** The ids watched now. */
  readonly watched: readonly string[];
  /** How many subscribers `presence$` has. */
  readonly presenceSubscribers: number;
  /** When set, searches reject with this error (as a transport would when the connection is down). */
  searchError: ChatError | undefined;
  /** Holds the answers of the searches `match` picks (all by default) until released. */
  hold(match?: (query: DirectoryQuery) => boolean): HeldAnswers;
  /** Changes an agent's presence; pushed on `presence$` when the agent is watched. */
  setPresence(userId: string, channel: Channel, state: PresenceState): void;
}

export interface FixtureDirectoryOptions {
  /** The signed-in user, never listed in results. */
  userId?: string;
}

export function createFixtureDirectory(initial: readonly InternalTarget[], options: FixtureDirectoryOptions = {}): FixtureDirectory {
  let targets: InternalTarget[] = [...initial];
  let index: DirectoryIndex | undefined;
  const searches: DirectoryQuery[] = [];
  const watchCalls: (readonly string[])[] = [];
  let watched: readonly string[] = [];
  let answered = 0;
  const subscribers = new Set<Subscriber<PresenceChange>>();
  const holds: { match: (query: DirectoryQuery) => boolean; released: Promise<void> }[] = [];
  const exclude = options.userId ? new Set([options.userId]) : undefined;

  const presence$ = new Observable<PresenceChange>((subscriber) => {
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  });

  const directory: FixtureDirectory = {
    presence$,
    get targets() {
      return targets;
    },
    searches,
    get answered() {
      return answered;
    },
    watchCalls,
    get watched() {
      return watched;
    },
    get presenceSubscribers() {
      return subscribers.size;
    },
    searchError: undefined,
    async searchDirectory(query) {
      searches.push(query);
      const held = holds.filter((h) => h.match(query)).map((h) => h.released);
      // An answer takes at least a turn of the event loop, as over any transport.
      await Promise.all([...held, new Promise((resolve) => setTimeout(resolve))]);
      answered += 1;
      if (directory.searchError) throw new ChatCommandError(directory.searchError);
      index = createDirectoryIndex(targets, index);
      const offset = query.offset ?? 0;
      const limit = Math.min(query.limit ?? 50, MAX_DIRECTORY_PAGE);
      const found = search(index, query.query, { filter: query.filter ?? 'all', limit, offset, ...(exclude ? { exclude } : {}) });
      const page: DirectoryPage = { targets: found.targets.map((t) => directoryTarget(structuredClone(t))), total: found.total, offset };
      return page;
    },
    async watchTargets(ids) {
      watchCalls.push([...ids]);
      watched = [...ids];
      await Promise.resolve();
      const byId = new Map(targets.map((t) => [t.id, t]));
      return ids.flatMap((id) => {
        const t = byId.get(id);
        return t ? [directoryTarget(structuredClone(t))] : [];
      });
    },
    hold(match = () => true) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const hold = { match, released };
      holds.push(hold);
      return {
        release() {
          const at = holds.indexOf(hold);
          if (at >= 0) holds.splice(at, 1);
          release();
        },
      };
    },
    setPresence(userId, channel, state) {
      const i = targets.findIndex((t) => t.id === userId);
      const entry = targets[i];
      if (!entry || entry.kind !== 'agent') throw new TypeError(`setPresence: "${userId}" is not an agent of this directory.`);
      targets = targets.slice();
      targets[i] = { ...entry, presence: { ...entry.presence, [channel]: state } };
      if (watched.includes(userId)) for (const s of [...subscribers]) s.next({ userId, channel, state });
    },
  };
  return directory;
}
