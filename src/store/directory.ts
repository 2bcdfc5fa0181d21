import type { Observable, Subscription } from 'rxjs';
import type { ChatError, DirectoryTarget } from '../engine/types.js';
import type { DirectoryPage, DirectoryQuery, PresenceChange } from '../protocol/directory.js';
import type { WorkspaceState } from './types.js';

// Loaded on demand (a contact's page never needs it), so it imports types only: what it
// shares with the rest of the store (validation, error conversion, limits) comes in its
// options from `directory-requests.ts`, and nothing is split out of the main bundle for it.

/*
 * The store's side of the directory: the backend answers searches page by page and
 * pushes the presence of the targets this client watches, so the store keeps only a small
 * cache of the entries it has been given (`WorkspaceState.targets`), keeps their presence
 * current, and tells the backend which targets to watch: what the views ask for plus the
 * agents in the user's own sessions.
 */

/** The part of a transport the directory needs (every `Transport` has it). */
export interface DirectoryBackend {
  readonly presence$: Observable<PresenceChange>;
  searchDirectory(query: DirectoryQuery): Promise<DirectoryPage>;
  watchTargets(ids: readonly string[]): Promise<DirectoryTarget[]>;
}

/** A page of search results, or why there is none (never thrown). */
export type DirectorySearchResult = { ok: true; page: DirectoryPage } | { ok: false; error: ChatError };

/** The watched entries the caller asked for that the backend knows, or why the watch failed. */
export type WatchResult = { ok: true; targets: DirectoryTarget[] } | { ok: false; error: ChatError };

function samePresence(a: DirectoryTarget, b: DirectoryTarget): boolean {
  if (a.kind !== 'agent' || b.kind !== 'agent') return a.kind === b.kind;
  const p = a.presence;
  const q = b.presence;
  return p.chat === q.chat && p.voice === q.voice && p.email === q.email;
}

/** Same entry as far as anything shown goes, so the cached object (and what renders it) can stay. */
function sameTarget(a: DirectoryTarget, b: DirectoryTarget): boolean {
  return a.id === b.id && a.kind === b.kind && a.name === b.name && a.number === b.number && samePresence(a, b);
}

/** The agents in the user's sessions, other than the user: whose presence the store follows anyway. */
function partiesOf(state: WorkspaceState): string[] {
  const me = state.user?.id;
  const ids = new Set<string>();
  for (const session of Object.values(state.sessions)) {
    for (const party of session.parties) if (party.role === 'agent' && party.userId !== me) ids.add(party.userId);
  }
  return [...ids].sort();
}

export interface DirectoryClientOptions {
  backend: DirectoryBackend;
  state$: Observable<WorkspaceState>;
  getState(): WorkspaceState;
  update(change: (state: WorkspaceState) => WorkspaceState): void;
  /** A backend's rejection as a typed error. */
  failure(error: unknown): ChatError;
  /** The most ids one watch list holds, and the most entries the cache keeps (watched ones always). */
  limits: { watched: number; cached: number };
}

export interface DirectoryClient {
  /** `query` is valid (checked by the caller). */
  search(query: DirectoryQuery): Promise<DirectorySearchResult>;
  /** `ids` are valid (checked by the caller). */
  watch(ids: readonly string[], owner: string): Promise<WatchResult>;
  dispose(): void;
}

/**
 * Searches through the backend into the cache, and keeps the backend's watch set equal to
 * the union of every owner's ids and the parties of the user's sessions: one call at a
 * time, the latest set sent once the previous answer is in, an identical set not sent again.
 */
export function createDirectoryClient(options: DirectoryClientOptions): DirectoryClient {
  const { backend, getState, update, failure, limits } = options;
  const subscriptions: Subscription[] = [];
  const claims = new Map<string, readonly string[]>();
  let parties: string[] = [];
  let partiesOfSessions: WorkspaceState['sessions'] | undefined;
  /** The set the backend holds ('' for none), or undefined when unknown (a watch failed). */
  let sent: string | undefined = '';
  let running: Promise<ChatError | undefined> | undefined;
  let connected = false;
  let disposed = false;
  // Presence pushed after a request was sent is newer than what its answer carries.
  let presenceTick = 0;
  const presenceTickOf = new Map<string, number>();
  /** Cached ids, least recently given first. */
  const recency = new Map<string, true>();

  const desired = (): string[] => {
    const ids = new Set<string>(parties);
    for (const list of claims.values()) {
      for (const id of list) {
        if (ids.size >= limits.watched) break;
        ids.add(id);
      }
    }
    return [...ids].slice(0, limits.watched);
  };
  const keyOf = (ids: readonly string[]) => [...ids].sort().join('\n');

  /** Puts the backend's entries into the cache, keeping presence pushed since `since`. */
  const remember = (entries: readonly DirectoryTarget[], since: number): void => {
    if (disposed || entries.length === 0) return;
    update((state) => {
      let targets: Record<string, DirectoryTarget> | undefined;
      for (const given of entries) {
        const cached = state.targets[given.id];
        let entry = given;
        if (cached && cached.kind === 'agent' && given.kind === 'agent' && (presenceTickOf.get(given.id) ?? 0) > since) {
          entry = { ...given, presence: cached.presence };
        }
        recency.delete(given.id);
        recency.set(given.id, true);
        if (cached && sameTarget(cached, entry)) continue;
        targets ??= { ...state.targets };
        targets[given.id] = entry;
      }
      const limit = limits.cached;
      if (recency.size > limit) {
        const keep = new Set(desired());
        for (const id of recency.keys()) {
          if (recency.size <= limit) break;
          if (keep.has(id)) continue;
          recency.delete(id);
          presenceTickOf.delete(id);
          targets ??= { ...state.targets };
          delete targets[id];
        }
      }
      return targets ? { ...state, targets } : state;
    });
  };

  const cached = (ids: readonly string[]): DirectoryTarget[] => {
    const targets = getState().targets;
    const found: DirectoryTarget[] = [];
    for (const id of ids) {
      const t = targets[id];
      if (t) found.push(t);
    }
    return found;
  };

  const NOT_CONNECTED: ChatError = { code: 'not-connected', message: 'Not connected: presence is followed once connected.' };

  /** What to send now: nothing (the backend holds the set), an error (cannot send), or the ids. */
  const next = (): { ids: string[]; key: string } | ChatError | undefined => {
    if (disposed) return undefined;
    if (!connected) return NOT_CONNECTED;
    const ids = desired();
    const key = keyOf(ids);
    return key === sent ? undefined : { ids, key };
  };

  /** Sends the wanted set until the backend holds it; resolves with the error that stopped it, if any. */
  const sync = (): Promise<ChatError | undefined> => {
    if (running) return running;
    let todo = next();
    if (!todo || 'code' in todo) return Promise.resolve(todo);
    // Started only with something to send, so its first await comes before `finally`.
    running = (async () => {
      try {
        while (todo && !('code' in todo)) {
          const since = presenceTick;
          try {
            const entries = await backend.watchTargets(todo.ids);
            sent = todo.key;
            remember(entries, since);
          } catch (error) {
            sent = undefined;
            return failure(error);
          }
          todo = next();
        }
        return todo;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  subscriptions.push(
    backend.presence$.subscribe((change) => {
      presenceTick += 1;
      presenceTickOf.set(change.userId, presenceTick);
      // The reducer's presence-updated case does the same; importing it from here would split
      // the reducer into a chunk of its own and cost every page about 0.25 KB (npm run size).
      update((state) => {
        const entry = state.targets[change.userId];
        if (!entry || entry.kind !== 'agent' || entry.presence[change.channel] === change.state) return state;
        const next: DirectoryTarget = { ...entry, presence: { ...entry.presence, [change.channel]: change.state } };
        return { ...state, targets: { ...state.targets, [change.userId]: next } };
      });
    }),
  );

  subscriptions.push(
    options.state$.subscribe((state) => {
      const wasConnected = connected;
      connected = state.connection.status === 'connected';
      let changed = false;
      if (state.sessions !== partiesOfSessions) {
        partiesOfSessions = state.sessions;
        const next = state.user?.role === 'agent' ? partiesOf(state) : [];
        if (next.join('\n') !== parties.join('\n')) {
          parties = next;
          changed = true;
        }
      }
      // The transport re-sends a set it holds after a reconnect; one it never got is sent here.
      if (connected && (changed || !wasConnected)) void sync();
    }),
  );

  return {
    async search(query) {
      const since = presenceTick;
      let page: DirectoryPage;
      try {
        page = await backend.searchDirectory(query);
      } catch (error) {
        return { ok: false, error: failure(error) };
      }
      remember(page.targets, since);
      // The cache's entries: presence pushed while the answer travelled is the newer.
      const targets = getState().targets;
      return { ok: true, page: { ...page, targets: page.targets.map((t) => targets[t.id] ?? t) } };
    },
    async watch(ids, owner) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) claims.delete(owner);
      else claims.set(owner, unique);
      const error = await sync();
      return error ? { ok: false, error } : { ok: true, targets: cached(unique) };
    },
    dispose() {
      disposed = true;
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
