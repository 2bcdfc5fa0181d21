import { distinctUntilChanged, map, shareReplay, type Observable } from 'rxjs';
import type { WorkspaceState } from './types.js';

/** A selector over a state stream: emits on change only, one computation shared by all subscribers. */
export function selectFrom<T>(
  state$: Observable<WorkspaceState>,
  selector: (state: WorkspaceState) => T,
  equals: (a: T, b: T) => boolean = Object.is,
): Observable<T> {
  return state$.pipe(map(selector), distinctUntilChanged(equals), shareReplay({ bufferSize: 1, refCount: true }));
}
