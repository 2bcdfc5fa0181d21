/*
 * The Team Communicator's per-user Favorites and Recent lists, kept in Web Storage so they
 * survive a reload. Only target ids are stored; the component resolves them against the
 * current directory, so a target that left the directory simply stops showing. Storage is
 * a convenience: when it is missing, full, or throws (private browsing, a blocked
 * sandbox), the lists live in memory for the session instead.
 */

/** The part of the Web Storage API the lists use (`localStorage` by default). */
export interface TargetListStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TargetListsOptions {
  /** Whose lists these are: each signed-in user has their own. */
  userId: string;
  /** Where to keep them; defaults to `localStorage` when the page may use it. */
  storage?: TargetListStorage | null;
}

/** How many targets Recent keeps, the latest first. */
export const RECENT_LIMIT = 10;

const KEY_PREFIX = 'workspace-chat:team-communicator:';

interface StoredLists {
  favorites: string[];
  recent: string[];
}

export function targetListsKey(userId: string): string {
  return `${KEY_PREFIX}${userId}`;
}

function defaultStorage(): TargetListStorage | null {
  try {
    // Reading `localStorage` itself throws in sandboxed frames and with storage blocked.
    return typeof globalThis.localStorage === 'undefined' ? null : globalThis.localStorage;
  } catch {
    return null;
  }
}

function idList(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  const ids: string[] = [];
  for (const v of value) if (typeof v === 'string' && v.length > 0 && !ids.includes(v) && ids.length < max) ids.push(v);
  return ids;
}

/** A user's Favorites and Recent target ids. */
export class TargetLists {
  private favorites: string[] = [];
  private recent: string[] = [];
  private readonly key: string;
  private readonly storage: TargetListStorage | null;

  constructor(options: TargetListsOptions) {
    if (!options || typeof options.userId !== 'string' || options.userId.length === 0) {
      throw new TypeError('TargetLists: userId must be a non-empty string (the signed-in user whose lists these are).');
    }
    this.key = targetListsKey(options.userId);
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.load();
  }

  /** Favorite target ids, in the order they were added. */
  get favoriteIds(): readonly string[] {
    return this.favorites;
  }

  /** Recently used target ids, the latest first, at most `RECENT_LIMIT`. */
  get recentIds(): readonly string[] {
    return this.recent;
  }

  isFavorite(targetId: string): boolean {
    return this.favorites.includes(targetId);
  }

  /** Adds the target to Favorites or removes it; answers whether it is a favorite now. */
  toggleFavorite(targetId: string): boolean {
    requireId(targetId, 'toggleFavorite');
    const now = !this.isFavorite(targetId);
    this.favorites = now ? [...this.favorites, targetId] : this.favorites.filter((id) => id !== targetId);
    this.save();
    return now;
  }

  /** Moves the target to the top of Recent (the user just acted on it). */
  recordRecent(targetId: string): void {
    requireId(targetId, 'recordRecent');
    this.recent = [targetId, ...this.recent.filter((id) => id !== targetId)].slice(0, RECENT_LIMIT);
    this.save();
  }

  private load(): void {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(this.key) ?? null;
    } catch {
      return;
    }
    if (!raw) return;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredLists> | null;
      this.favorites = idList(parsed?.favorites, Number.POSITIVE_INFINITY);
      this.recent = idList(parsed?.recent, RECENT_LIMIT);
    } catch {
      // Someone else's or a corrupted value: start with empty lists rather than fail.
    }
  }

  private save(): void {
    const value: StoredLists = { favorites: this.favorites, recent: this.recent };
    try {
      this.storage?.setItem(this.key, JSON.stringify(value));
    } catch {
      // Quota or blocked storage: the in-memory lists still serve this session.
    }
  }
}

function requireId(targetId: unknown, method: string): void {
  if (typeof targetId !== 'string' || targetId.length === 0) {
    throw new TypeError(`TargetLists.${method}: targetId must be a non-empty string.`);
  }
}
