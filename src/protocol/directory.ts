import * as v from 'valibot';
import type { AgentEntry, Channel, DirectoryTarget, PresenceState, RoutingTargetEntry, UserId } from '../engine/types.js';

export type { DirectoryTarget };
import { fail, isPlainObject, type Assert, type Equals, type ParseResult } from './shared.js';

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

/** The target as a search or watch answers it (a queue's or routing point's members left out). */
export function directoryTarget(target: AgentEntry | RoutingTargetEntry | DirectoryTarget): DirectoryTarget {
  if (target.kind === 'agent' || !('members' in target)) return target;
  const { members: _members, ...described } = target;
  return described;
}

/** One page of a directory search, best first, each target with its current presence. */
export interface DirectoryPage {
  targets: DirectoryTarget[];
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
/** The longest target id a watch list may name. */
export const MAX_TARGET_ID_LENGTH = 256;

// Run-time validation of the two requests. Their errors are `invalid-input` (a bad request
// changes nothing and says which field was wrong), never `malformed-frame`.

// `object`, not `strictObject`: unknown keys are refused by `parseDirectoryQuery` itself,
// which every page loads (the store and the transport check a search before sending it).
const DIRECTORY_QUERY_SCHEMA = v.object({
  query: v.pipe(v.string(), v.maxLength(MAX_DIRECTORY_QUERY_LENGTH)),
  filter: v.optional(v.picklist(['all', 'agent', 'routing-point', 'queue'])),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DIRECTORY_PAGE))),
});

const WATCH_IDS_SCHEMA = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TARGET_ID_LENGTH))),
  v.maxLength(MAX_WATCHED_TARGETS),
);

export type _DirectoryQueryMatches = Assert<Equals<v.InferOutput<typeof DIRECTORY_QUERY_SCHEMA>, DirectoryQuery>>;

const QUERY_MESSAGES: Record<string, string> = {
  query: `The search text must be a string of at most ${MAX_DIRECTORY_QUERY_LENGTH} characters.`,
  filter: 'The filter must be one of all, agent, routing-point or queue.',
  offset: 'The offset must be a whole number, 0 or more.',
  limit: `The limit must be a whole number from 1 to ${MAX_DIRECTORY_PAGE}.`,
};

/** Validates a directory search; a bad one is `invalid-input` naming the field. */
export function parseDirectoryQuery(input: unknown): ParseResult<DirectoryQuery> {
  if (!isPlainObject(input)) return fail('invalid-input', 'A directory search must be an object with a "query".');
  const result = v.safeParse(DIRECTORY_QUERY_SCHEMA, input, { abortEarly: true });
  // A bad field first, then a field a search does not have (the order `strictObject` has).
  const field = result.success
    ? Object.keys(input).find((key) => !Object.hasOwn(DIRECTORY_QUERY_SCHEMA.entries, key))
    : String(result.issues[0].path?.[0]?.key ?? '');
  if (result.success && field === undefined) return { ok: true, value: result.output };
  const message = Object.hasOwn(QUERY_MESSAGES, field ?? '')
    ? QUERY_MESSAGES[field!]!
    : `A directory search has only query, filter, offset and limit; "${(field ?? '').slice(0, 40)}" is not one of them.`;
  return fail('invalid-input', message, field || undefined);
}

/** Validates the ids of a watch list; a bad one is `invalid-input`. */
export function parseWatchIds(input: unknown): ParseResult<string[]> {
  const result = v.safeParse(WATCH_IDS_SCHEMA, input, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  if (!Array.isArray(input)) return fail('invalid-input', 'The targets to watch must be an array of ids.', 'ids');
  if (input.length > MAX_WATCHED_TARGETS) return fail('invalid-input', `At most ${MAX_WATCHED_TARGETS} targets can be watched at once.`, 'ids');
  return fail('invalid-input', `Each watched id must be a non-empty string of at most ${MAX_TARGET_ID_LENGTH} characters.`, 'ids');
}
