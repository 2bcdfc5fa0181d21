import { PerformanceObserver } from 'node:perf_hooks';

/** The garbage collections of one kind seen so far, and their pauses. */
export interface Collections {
  count: number;
  ms: number;
  /** Stops counting, after one more turn: the entries of the last collections arrive asynchronously. */
  stop(): Promise<void>;
}

/**
 * Counts the collections of `kind` (`constants.NODE_PERFORMANCE_GC_MINOR`, `…_MAJOR` from
 * node:perf_hooks) while `counting()` is true.
 */
export function countCollections(kind: number, counting: () => boolean = () => true): Collections {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!counting() || (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind !== kind) continue;
      collections.count += 1;
      collections.ms += entry.duration;
    }
  });
  const collections: Collections = {
    count: 0,
    ms: 0,
    async stop() {
      await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
    },
  };
  observer.observe({ entryTypes: ['gc'] });
  return collections;
}
