/**
 * Identity helpers for selectors. Components compare selector results with `Object.is`,
 * so a selector must hand back the very same object while nothing it depends on changed,
 * or every state change would re-render every component.
 */

/** Caches one result per input tuple: recomputes only when some input changed identity. */
export function memoizeOn<S, D extends unknown[], R>(inputs: (state: S) => readonly [...D], compute: (...deps: D) => R): (state: S) => R {
  let last: { deps: readonly unknown[]; result: R } | undefined;
  return (state: S) => {
    const deps = inputs(state);
    if (last && sameItems(last.deps, deps)) return last.result;
    const result = compute(...(deps as D));
    last = { deps, result };
    return result;
  };
}

export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Keeps the previous value when a freshly computed one is shallowly equal to it, so a
 * recomputation that changed nothing visible keeps the result's identity.
 */
export function keepIfShallowEqual<T extends object>(previous: T | undefined, next: T): T {
  if (previous === undefined) return next;
  if (Array.isArray(previous) && Array.isArray(next)) return sameItems(previous, next) ? previous : next;
  if (!Array.isArray(previous) && !Array.isArray(next) && sameFields(previous, next)) return previous;
  return next;
}

/**
 * One memoized selector per key, created on first use (selector factories taking an id).
 * At most `limit` keys are kept, least recently used dropped first: ids of ended chats
 * come and go all day, and their cached results must not pile up.
 */
export function perKey<K, F>(create: (key: K) => F, limit = 512): (key: K) => F {
  const cache = new Map<K, F>();
  return (key: K) => {
    let f = cache.get(key);
    if (f) {
      // Most recently used last: a Map iterates in insertion order.
      if (cache.size > 1) {
        cache.delete(key);
        cache.set(key, f);
      }
      return f;
    }
    f = create(key);
    cache.set(key, f);
    if (cache.size > limit) cache.delete(cache.keys().next().value as K);
    return f;
  };
}
