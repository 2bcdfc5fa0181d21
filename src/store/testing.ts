import { BehaviorSubject, type Observable } from 'rxjs';
import type { Command, CommandResult, InternalTarget } from '../engine/types.js';
import { selectFrom } from './select.js';
import { createInitialState } from './state.js';
import { createDirectoryClient } from './directory.js';
import { DIRECTORY_CLIENT_DEPENDENCIES, directoryMethods } from './directory-requests.js';
import { createFixtureDirectory, type FixtureDirectory } from './directory-fixtures.js';
import { fixtureDirectory } from './fixtures.js';
import type { WorkspaceState, WorkspaceStore } from './types.js';

export * from './fixtures.js';
export { createFixtureDirectory } from './directory-fixtures.js';
export type { FixtureDirectory, FixtureDirectoryOptions, HeldAnswers } from './directory-fixtures.js';

export interface FixtureStoreOptions {
  /** Answers each dispatched command (default `{ ok: true }`). */
  onDispatch?(command: Command): CommandResult | Promise<CommandResult>;
  /**
   * The directory searches and watches go to: targets (a fixture directory is made over
   * them, the user left out of results) or a fixture directory the test holds. Default:
   * `fixtureDirectory()` for an agent, nothing for a contact.
   */
  directory?: readonly InternalTarget[] | FixtureDirectory;
}

/** A store over fixed state for component tests and stories: no transport, no reducer. */
export interface FixtureStore extends WorkspaceStore {
  /** Every command dispatched (retries included), in order. */
  readonly dispatched: Command[];
  /** Replaces parts of the state; subscribers see the new state at once. */
  setState(partial: Partial<WorkspaceState>): void;
  /** The backend of `searchDirectory` and `watchTargets`. */
  readonly directory: FixtureDirectory;
}

/**
 * A `WorkspaceStore` holding `state` (over the empty initial state), searching a fixture
 * directory (`options.directory`) through the same cache and watch logic as the real
 * store. `dispatch` records
 * the command and answers with `onDispatch`; it changes no state, so a test that wants
 * the outcome shown calls `setState`. `discard` drops the pending message; `retry`
 * re-dispatches a pending message as `send-message` with its client message id.
 */
export function createFixtureStore(state: Partial<WorkspaceState> = {}, options: FixtureStoreOptions = {}): FixtureStore {
  const subject = new BehaviorSubject<WorkspaceState>({ ...createInitialState(), ...state });
  const state$: Observable<WorkspaceState> = subject.asObservable();
  const dispatched: Command[] = [];
  const user = subject.value.user;
  const given = options.directory;
  const directory =
    given && !Array.isArray(given)
      ? (given as FixtureDirectory)
      : createFixtureDirectory((given as readonly InternalTarget[] | undefined) ?? (user?.role === 'agent' ? fixtureDirectory() : []), user ? { userId: user.id } : {});
  const client = createDirectoryClient({
    backend: directory,
    state$,
    getState: () => subject.value,
    update: (change) => {
      if (subject.closed) return;
      const next = change(subject.value);
      if (next !== subject.value) subject.next(next);
    },
    ...DIRECTORY_CLIENT_DEPENDENCIES,
  });

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
    directory,
    ...directoryMethods(() => client),
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
      client.dispose();
      subject.complete();
    },
  };
}
