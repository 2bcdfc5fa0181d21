import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BehaviorSubject, Subject } from 'rxjs';
import { selectFrom } from '../../../src/store/select.js';
import { fixtureState } from '../../../src/store/fixtures.js';
import type { WorkspaceState } from '../../../src/store/types.js';

// selectFrom stands in for map + distinctUntilChanged + shareReplay({bufferSize: 1, refCount: true}).

test('a selection is computed once for all subscribers, emits on change only and replays the latest value', () => {
  const state$ = new BehaviorSubject<WorkspaceState>(fixtureState('connected'));
  let computed = 0;
  const connection$ = selectFrom(state$, (s) => (computed++, s.connection.status));
  const a: unknown[] = [];
  const b: unknown[] = [];
  const subA = connection$.subscribe((v) => a.push(v));
  const subB = connection$.subscribe((v) => b.push(v));
  assert.deepEqual(a, ['connected']);
  assert.deepEqual(b, ['connected'], 'the second subscriber gets the latest value without a new computation');
  assert.equal(computed, 1);
  state$.next({ ...state$.value }); // same connection: nothing emitted
  state$.next({ ...state$.value, connection: { status: 'reconnecting' } as WorkspaceState['connection'] });
  assert.deepEqual(a, ['connected', 'reconnecting']);
  assert.deepEqual(b, ['connected', 'reconnecting']);
  assert.equal(computed, 3);
  subA.unsubscribe();
  subB.unsubscribe();
  assert.equal(state$.observed, false, 'the last subscriber leaving drops the source');
  const c: unknown[] = [];
  connection$.subscribe((v) => c.push(v));
  assert.deepEqual(c, ['reconnecting']);
  assert.equal(computed, 4, 'a new first subscriber computes afresh');
});

test('a selector that throws errors every subscriber and the next subscriber starts afresh; completion is replayed', () => {
  const state$ = new Subject<WorkspaceState>();
  let explode = true;
  const sel$ = selectFrom(state$, (s) => {
    if (explode) throw new Error('boom');
    return s.connection.status;
  });
  const errors: unknown[] = [];
  sel$.subscribe({ error: (e) => errors.push(e) });
  sel$.subscribe({ error: (e) => errors.push(e) });
  state$.next(fixtureState('connected'));
  assert.equal(errors.length, 2);
  assert.equal(state$.observed, false);
  explode = false;
  const seen: unknown[] = [];
  let done = 0;
  sel$.subscribe({ next: (v) => seen.push(v), complete: () => done++ });
  state$.next(fixtureState('connected'));
  state$.complete();
  assert.deepEqual(seen, ['connected']);
  const late: unknown[] = [];
  sel$.subscribe({ next: (v) => late.push(v), complete: () => done++ });
  assert.deepEqual(late, ['connected'], 'a late subscriber gets the last value');
  assert.equal(done, 2);
});
