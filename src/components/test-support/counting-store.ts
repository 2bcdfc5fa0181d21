import { Observable } from 'rxjs';
import type { FixtureStore } from '../../store/testing.js';
import type { WorkspaceState } from '../../store/types.js';

/** `base`, counting the subscriptions currently open on its selections (to prove none is left behind). */
export function countingStore(base: FixtureStore): FixtureStore & { open: () => number } {
  let open = 0;
  return Object.assign(Object.create(base) as FixtureStore, {
    select<T>(selector: (s: WorkspaceState) => T, equals?: (a: T, b: T) => boolean) {
      return new Observable<T>((subscriber) => {
        open += 1;
        const sub = base.select(selector, equals).subscribe(subscriber);
        return () => {
          open -= 1;
          sub.unsubscribe();
        };
      });
    },
    open: () => open,
  });
}
