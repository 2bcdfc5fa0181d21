import { Observable, type Subscriber, type Subscription } from 'rxjs';
import type { WorkspaceState } from './types.js';

/**
 * A selector over a state stream: emits on change only, one computation shared by all
 * subscribers, the latest value replayed to a new subscriber.
 *
 * What `map` + `distinctUntilChanged` + `shareReplay({ bufferSize: 1, refCount: true })` do,
 * written out: `shareReplay` brings rxjs's `share`, `ReplaySubject` and `innerFrom` (about
 * 1 KB min+gzip) into every page for this one use. Same rules: the source is subscribed
 * while anyone listens and dropped (with the remembered value) when the last one leaves; an
 * error reaches every subscriber and the next subscriber starts afresh; after the source
 * completes, late subscribers get the last value and the completion.
 */
export function selectFrom<T>(
  state$: Observable<WorkspaceState>,
  selector: (state: WorkspaceState) => T,
  equals: (a: T, b: T) => boolean = Object.is,
): Observable<T> {
  const subscribers = new Set<Subscriber<T>>();
  let connection: Subscription | undefined;
  let latest: { value: T } | undefined;
  let completed = false;
  const reset = () => {
    connection?.unsubscribe();
    connection = undefined;
    latest = undefined;
  };
  const fail = (error: unknown) => {
    const all = [...subscribers];
    subscribers.clear();
    reset();
    for (const s of all) s.error(error);
  };
  return new Observable<T>((subscriber) => {
    if (latest) subscriber.next(latest.value);
    if (completed) {
      subscriber.complete();
      return;
    }
    subscribers.add(subscriber);
    if (!connection) {
      connection = state$.subscribe({
        next: (state) => {
          let value: T;
          try {
            value = selector(state);
            if (latest && equals(latest.value, value)) return;
          } catch (error) {
            fail(error);
            return;
          }
          latest = { value };
          for (const s of [...subscribers]) s.next(value);
        },
        error: fail,
        complete: () => {
          completed = true;
          connection = undefined;
          const all = [...subscribers];
          subscribers.clear();
          for (const s of all) s.complete();
        },
      });
      // It failed or completed while subscribing: nothing left to hold.
      if (connection.closed) connection = undefined;
    }
    return () => {
      if (subscribers.delete(subscriber) && subscribers.size === 0 && !completed) reset();
    };
  });
}
