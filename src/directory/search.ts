import type { DirectoryTarget, TargetKind } from '../engine/types.js';
import type { DirectoryFilter } from '../protocol/directory.js';

/*
 * The Team Communicator's directory search, kept out of the component so it can be unit
 * tested and benchmarked on its own. Everything that depends only on the directory is
 * prepared once in `createDirectoryIndex`: folded names split into words, digits of the
 * numbers, and sorted key arrays. A keystroke then costs two binary searches plus a walk
 * over the entries that actually match — no regular expression and no string folding
 * per entry — so it stays fast on a 50,000-entry directory.
 */

export type { DirectoryFilter };

export interface SearchOptions {
  filter?: DirectoryFilter;
  /** How many targets to return at most (the total is still counted). Default 50. */
  limit?: number;
  /** How many of the best matches to skip first (paging). Default 0. */
  offset?: number;
  /** Ids never returned nor counted (the signed-in user, say). */
  exclude?: ReadonlySet<string>;
}

export interface SearchResult {
  /** The best matches, best first, at most `limit`. */
  readonly targets: readonly DirectoryTarget[];
  /** How many targets match in all. */
  readonly total: number;
}

/** A directory prepared for searching. Opaque: build it with `createDirectoryIndex`. */
export interface DirectoryIndex {
  /** The targets it was built from (or last refreshed with). */
  readonly targets: readonly DirectoryTarget[];
  readonly size: number;
  /** @internal */ readonly prepared: PreparedKeys;
}

/** What depends only on the searchable fields, so it survives presence changes. */
interface PreparedKeys {
  /** Position in `targets` of each entry, entries sorted by folded name (the stable order). */
  readonly source: Int32Array;
  /** Folded full name of each entry, words joined by one space. */
  readonly names: readonly string[];
  readonly words: readonly (readonly string[])[];
  /** Digits of each entry's number ('' when none). */
  readonly numbers: readonly string[];
  readonly kinds: Uint8Array;
  /** Every word of every name, sorted, with the entry it belongs to. */
  readonly wordKeys: readonly string[];
  readonly wordOwners: Int32Array;
  /** Every non-empty number, sorted, with its entry. */
  readonly numberKeys: readonly string[];
  readonly numberOwners: Int32Array;
  /** Searchable fields per target position, to tell whether a new directory can reuse these keys. */
  readonly signature: readonly string[];
  /** Scratch marks so an entry matched by two of its words counts once (stamped per search). */
  readonly seen: Uint32Array;
  stamp: number;
  /** Rank of each id, built on the first search that excludes someone. */
  rankOf?: Map<string, number>;
}

const KIND_CODE: Record<TargetKind, number> = { agent: 1, 'routing-point': 2, queue: 3 };
const FILTER_CODE: Record<DirectoryFilter, number> = { all: 0, agent: 1, 'routing-point': 2, queue: 3 };

// Letters that Unicode decomposition does not reduce to a base letter plus marks.
const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};
const SPECIALS = /[ßæœøđðłıþ]/g;
const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const NON_DIGITS = /\D+/g;

/** Lower-cases and strips diacritics, so "Élodie Øster" and "elodie oster" compare equal. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(SPECIALS, (c) => SPECIAL_FOLDS[c] ?? c);
}

/** The folded words of a text (letters and digits; anything else separates). */
export function foldWords(text: string): string[] {
  return foldText(text)
    .split(SEPARATORS)
    .filter((w) => w.length > 0);
}

function signatureOf(t: DirectoryTarget): string {
  return `${t.kind}\u0000${t.id}\u0000${t.name}\u0000${t.number ?? ''}`;
}

function isDirectoryFilter(value: unknown): value is DirectoryFilter {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FILTER_CODE, value);
}

/**
 * Prepares a directory for `search`. Pass the previous index to reuse its keys when only
 * non-searchable fields changed (presence updates replace the directory array but keep
 * names and numbers): that check is one string comparison per target.
 */
export function createDirectoryIndex(targets: readonly DirectoryTarget[], previous?: DirectoryIndex): DirectoryIndex {
  if (!Array.isArray(targets)) throw new TypeError('createDirectoryIndex: targets must be an array of internal targets.');
  if (previous && previous.targets === targets) return previous;
  const signature = targets.map((t, i) => {
    if (!t || typeof t.id !== 'string' || typeof t.name !== 'string' || !(t.kind in KIND_CODE)) {
      throw new TypeError(`createDirectoryIndex: entry ${i} is not an internal target (agent, queue or routing point with an id and a name).`);
    }
    return signatureOf(t);
  });
  if (previous && sameStrings(previous.prepared.signature, signature)) {
    return { targets, size: targets.length, prepared: previous.prepared };
  }
  return { targets, size: targets.length, prepared: prepare(targets, signature) };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function prepare(targets: readonly DirectoryTarget[], signature: string[]): PreparedKeys {
  const n = targets.length;
  const folded = targets.map((t) => foldWords(t.name));
  const joined = folded.map((w) => w.join(' '));
  const order = Array.from({ length: n }, (_, i) => i);
  // Same folded name: the original spelling, then the id, so the order never depends on the input order.
  order.sort((a, b) => compareStrings(joined[a]!, joined[b]!) || compareStrings(targets[a]!.name, targets[b]!.name) || compareStrings(targets[a]!.id, targets[b]!.id));

  const source = Int32Array.from(order);
  const names: string[] = new Array(n);
  const words: string[][] = new Array(n);
  const numbers: string[] = new Array(n);
  const kinds = new Uint8Array(n);
  const wordBuckets = new Map<string, number[]>();
  const numbered: number[] = [];
  for (let rank = 0; rank < n; rank++) {
    const i = order[rank]!;
    const t = targets[i]!;
    names[rank] = joined[i]!;
    words[rank] = folded[i]!;
    kinds[rank] = KIND_CODE[t.kind];
    const digits = (t.number ?? '').replace(NON_DIGITS, '');
    numbers[rank] = digits;
    for (const w of new Set(folded[i])) addTo(wordBuckets, w, rank);
    if (digits) numbered.push(rank);
  }
  const wordsSorted = flatten(wordBuckets);
  // Numbers are mostly distinct, so sort the entries that have one rather than grouping.
  numbered.sort((a, b) => compareStrings(numbers[a]!, numbers[b]!) || a - b);
  return {
    source,
    names,
    words,
    numbers,
    kinds,
    wordKeys: wordsSorted.keys,
    wordOwners: wordsSorted.owners,
    numberKeys: numbered.map((rank) => numbers[rank]!),
    numberOwners: Int32Array.from(numbered),
    signature,
    seen: new Uint32Array(n),
    stamp: 0,
  };
}

function addTo(buckets: Map<string, number[]>, key: string, rank: number): void {
  const list = buckets.get(key);
  if (list) list.push(rank);
  else buckets.set(key, [rank]);
}

/**
 * Sorted keys with their owners, one pair per owner. Directories repeat first and last
 * names a lot, so sorting the distinct keys is far cheaper than sorting every pair.
 */
function flatten(buckets: Map<string, number[]>): { keys: string[]; owners: Int32Array } {
  const distinct = [...buckets.keys()].sort();
  let count = 0;
  for (const k of distinct) count += buckets.get(k)!.length;
  const keys: string[] = new Array(count);
  const owners = new Int32Array(count);
  let at = 0;
  for (const k of distinct) {
    for (const rank of buckets.get(k)!) {
      keys[at] = k;
      owners[at++] = rank;
    }
  }
  return { keys, owners };
}

/** First position in sorted `keys` whose key is not below `value`. */
function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Range [from, to) of sorted `keys` that start with `prefix`. */
function prefixRange(keys: readonly string[], prefix: string): [number, number] {
  // Every key starting with the prefix sorts below prefix + U+FFFF.
  return [lowerBound(keys, prefix), lowerBound(keys, prefix + '\uffff')];
}

function hasWordWithPrefix(words: readonly string[], token: string): boolean {
  for (const w of words) if (w.startsWith(token)) return true;
  return false;
}

// Ranking tiers: an exact name or number, then a prefix of the full name or number, then a word prefix.
const EXACT = 0;
const PREFIX = 1;
const WORD = 2;

/**
 * Finds the targets whose name has a word starting with each word of the query (in any
 * order), or whose number starts with the query's digits. Best first: exact name or
 * number, then prefix of the full name or number, then word prefix; ties by name. An
 * empty query matches every target of the filter, in name order.
 */
export function search(index: DirectoryIndex, query: string, options: SearchOptions = {}): SearchResult {
  if (!index || !index.prepared) throw new TypeError('search: index must come from createDirectoryIndex.');
  if (typeof query !== 'string') throw new TypeError('search: query must be a string.');
  const filter = options.filter ?? 'all';
  if (!isDirectoryFilter(filter)) throw new TypeError(`search: unknown filter "${String(filter)}"; use all, agent, routing-point or queue.`);
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError('search: limit must be a whole number, 0 or more.');
  const offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new TypeError('search: offset must be a whole number, 0 or more.');
  if (offset > 0) {
    // The best `offset + limit`, less the first `offset`: ranking stays one pass.
    const page = search(index, query, { ...options, offset: 0, limit: offset + limit });
    return { targets: page.targets.slice(offset), total: page.total };
  }

  const p = index.prepared;
  const targets = index.targets;
  const wanted = FILTER_CODE[filter];
  // Excluded ids become ranks once per search, so a candidate costs an integer test, not a string look-up.
  let excluded: Set<number> | undefined;
  if (options.exclude && options.exclude.size > 0) {
    if (!p.rankOf) {
      const rankOf = new Map<string, number>();
      for (let rank = 0; rank < index.size; rank++) rankOf.set(targets[p.source[rank]!]!.id, rank);
      p.rankOf = rankOf;
    }
    excluded = new Set();
    for (const id of options.exclude) {
      const rank = p.rankOf.get(id);
      if (rank !== undefined) excluded.add(rank);
    }
    if (excluded.size === 0) excluded = undefined;
  }
  const accepts = (rank: number): boolean => (wanted === 0 || p.kinds[rank] === wanted) && !(excluded && excluded.has(rank));

  const tokens = foldWords(query);
  const digits = query.replace(NON_DIGITS, '');
  // A query is a number when it holds digits and nothing but phone punctuation around them.
  const numeric = digits.length > 0 && /^[\d\s()+\-./]*$/.test(query.trim());

  if (tokens.length === 0 && !numeric) {
    const ranks: number[] = [];
    let total = 0;
    for (let rank = 0; rank < index.size; rank++) {
      if (!accepts(rank)) continue;
      total++;
      if (ranks.length < limit) ranks.push(rank);
    }
    return { targets: ranks.map((r) => targets[p.source[r]!]!), total };
  }

  const stamp = (p.stamp = (p.stamp + 1) >>> 0 || 1);
  if (stamp === 1) p.seen.fill(0);
  // Scores pack tier and name rank into one number, so one numeric sort ranks them.
  const scores: number[] = [];
  const n = index.size;
  const phrase = tokens.join(' ');

  // Numbers first: an exact number outranks the same digits found in a name.
  if (numeric) {
    const [from, to] = prefixRange(p.numberKeys, digits);
    for (let k = from; k < to; k++) {
      const rank = p.numberOwners[k]!;
      if (p.seen[rank] === stamp) continue;
      p.seen[rank] = stamp;
      if (!accepts(rank)) continue;
      scores.push((p.numbers[rank] === digits ? EXACT : PREFIX) * n + rank);
    }
  }

  if (tokens.length > 0) {
    // Drive by the word of the query with the fewest candidate keys (two binary searches
    // each): "agent 01234" walks the few names with a word starting "01234", not every agent.
    let driver = tokens[0]!;
    let [from, to] = prefixRange(p.wordKeys, driver);
    for (const t of tokens) {
      if (t === driver) continue;
      const [f, e] = prefixRange(p.wordKeys, t);
      if (e - f < to - from) [driver, from, to] = [t, f, e];
    }
    for (let k = from; k < to; k++) {
      const rank = p.wordOwners[k]!;
      if (p.seen[rank] === stamp) continue;
      p.seen[rank] = stamp;
      if (!accepts(rank)) continue;
      const words = p.words[rank]!;
      let all = true;
      for (const t of tokens) {
        if (t !== driver && !hasWordWithPrefix(words, t)) {
          all = false;
          break;
        }
      }
      if (!all) continue;
      const name = p.names[rank]!;
      const tier = name === phrase ? EXACT : name.startsWith(phrase) ? PREFIX : WORD;
      scores.push(tier * n + rank);
    }
  }

  const total = scores.length;
  const best = selectSmallest(scores, limit);
  return { targets: best.map((s) => targets[p.source[s % n]!]!), total };
}

/** The `limit` smallest scores in ascending order; a full sort only when most of them are wanted. */
function selectSmallest(scores: number[], limit: number): number[] {
  if (limit === 0) return [];
  if (scores.length <= limit * 4) {
    const sorted = Float64Array.from(scores).sort();
    return Array.from(sorted.subarray(0, limit));
  }
  // Keep a sorted window of the best `limit` seen so far; most scores fail the first comparison.
  const window: number[] = [];
  for (const s of scores) {
    if (window.length === limit && s >= window[limit - 1]!) continue;
    let lo = 0;
    let hi = window.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (window[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    window.splice(lo, 0, s);
    if (window.length > limit) window.pop();
  }
  return window;
}
