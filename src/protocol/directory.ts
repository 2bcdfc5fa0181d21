import type { Channel, InternalTarget, PresenceState, UserId } from '../engine/types.js';

/*
 * The directory is no longer copied whole into every agent's snapshot: a client asks the
 * backend for pages of search results, and follows the presence of the few targets it
 * shows (favourites, recent, open results, parties of its sessions). These are the shapes
 * of those two requests; every transport carries them.
 */

/** Which kind of target a search lists. */
export type DirectoryFilter = 'all' | 'agent' | 'routing-point' | 'queue';

export interface DirectoryQuery {
  /**
   * What the agent typed: words matched as prefixes of the name's words, in any order, or
   * digits matched against the number. Empty lists every target of the filter, by name.
   */
  query: string;
  /** Default `all`. */
  filter?: DirectoryFilter;
  /** How many of the best matches to skip (paging). Default 0. */
  offset?: number;
  /** How many targets to return at most. Default 50, at most `MAX_DIRECTORY_PAGE`. */
  limit?: number;
}

/** One page of a directory search, best first, each target with its current presence. */
export interface DirectoryPage {
  targets: InternalTarget[];
  /** How many targets match in all (the signed-in user is never among them). */
  total: number;
  /** The offset the page starts at. */
  offset: number;
}

/** A watched agent's presence changed. Not part of the ordered stream: nothing to resume. */
export interface PresenceChange {
  userId: UserId;
  channel: Channel;
  state: PresenceState;
}

/** The largest page a search returns. */
export const MAX_DIRECTORY_PAGE = 100;
/** The most targets one client may watch at once. */
export const MAX_WATCHED_TARGETS = 500;
/** The longest search text, in characters. */
export const MAX_DIRECTORY_QUERY_LENGTH = 200;
