import { BehaviorSubject, type Observable } from 'rxjs';
import type { Command, CommandResult } from '../engine/types.js';
import { selectFrom } from './select.js';
import { createInitialState } from './state.js';
import type { WorkspaceState, WorkspaceStore } from './types.js';

export * from './fixtures.js';

export interface FixtureStoreOptions {
  /** Answers each dispatched command (default `{ ok: true }`). */
  onDispatch?(command: Command): CommandResult | Promise<CommandResult>;
}

/** A store over fixed state for component tests and stories: no transport, no reducer. */
export interface FixtureStore extends WorkspaceStore {
  /** Every command dispatched (retries included), in order. */
  readonly dispatched: Command[];
  /** Replaces parts of the state; subscribers see the new state at once. */
  setState(partial: Partial<WorkspaceState>): void;
}

/**
 * A `WorkspaceStore` holding `state` (over the empty initial state). `dispatch` records
 * the command and answers with `onDispatch`; it changes no state, so a test that wants
 * the outcome shown calls `setState`. `discard` drops the pending message; `retry`
 * re-dispatches a pending message as `send-message` with its client message id.
 */
export function createFixtureStore(state: Partial<WorkspaceState> = {}, options: FixtureStoreOptions = {}): FixtureStore {
  const subject = new BehaviorSubject<WorkspaceState>({ ...createInitialState(), ...state });
  const state$: Observable<WorkspaceState> = subject.asObservable();
  const dispatched: Command[] = [];

  const answer = async (command: Command): Promise<CommandResult> => {
    dispatched.push(command);
    try {
      return options.onDispatch ? await options.onDispatch(command) : { ok: true };
    } catch (error) {
      return { ok: false, error: { code: 'not-connected', message: error instanceof Error ? error.message : String(error) } };
    }
  };

  return {
    state$,
    get state() {
      return subject.value;
    },
    dispatched,
    setState(partial) {
      if (subject.closed) return;
      subject.next({ ...subject.value, ...partial });
    },
    select: (selector, equals) => selectFrom(state$, selector, equals),
    dispatch: answer,
    async retry(clientMessageId) {
      const pending = subject.value.pending[clientMessageId];
      if (!pending) {
        return { ok: false, error: { code: 'invalid-input', message: `There is no pending message "${clientMessageId}" to send again.`, field: 'clientMessageId' } };
      }
      return answer({ type: 'send-message', sessionId: pending.sessionId, text: pending.text, visibility: pending.visibility, clientMessageId });
    },
    discard(clientMessageId) {
      if (!(clientMessageId in subject.value.pending)) return;
      const { [clientMessageId]: _dropped, ...rest } = subject.value.pending;
      subject.next({ ...subject.value, pending: rest });
    },
    async connect() {
      subject.next({ ...subject.value, connection: { status: 'connected' } });
    },
    async disconnect() {
      subject.next({ ...subject.value, connection: { status: 'disconnected' } });
    },
    destroy() {
      subject.complete();
    },
  };
}
