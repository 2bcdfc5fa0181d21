import { BehaviorSubject, NEVER, type Observable } from 'rxjs';
import { ChatCommandError, type DirectoryTarget } from '../src/engine/types.js';
import type { DirectoryPage, DirectoryQuery } from '../src/protocol/directory.js';
import type { ConnectionState, StreamEvent, Transport } from '../src/transport/types.js';
import type { WorkspaceState } from '../src/store/types.js';

/** Search pages by `JSON.stringify` of the query that asked for them. */
export type RecordedAnswers = Map<string, DirectoryPage>;

/**
 * A transport that answers searches from pages recorded beforehand, at once (a resolved
 * promise), so a benchmark measures the page's own work per keystroke — the store, the
 * render and the layout — and not a search that a server would do.
 */
export function replayTransport(state: WorkspaceState, answers: RecordedAnswers): Transport {
  const connection = new BehaviorSubject<ConnectionState>({ status: 'idle' });
  const watched = new Map<string, DirectoryTarget>();
  for (const page of answers.values()) for (const t of page.targets) watched.set(t.id, t);
  return {
    connection$: connection.asObservable(),
    events$: new BehaviorSubject<StreamEvent>({
      epoch: 'replay',
      position: 0,
      event: {
        type: 'snapshot',
        snapshot: { user: state.user!, sessions: Object.values(state.sessions), invitations: [], config: state.config!, ...(state.presence ? { presence: { ...state.presence } } : {}) },
      },
    }).asObservable(),
    presence$: NEVER as Observable<never>,
    async connect() {
      connection.next({ status: 'connected' });
    },
    async disconnect() {
      connection.next({ status: 'disconnected' });
    },
    async send() {
      return { ok: true };
    },
    async searchDirectory(query: DirectoryQuery) {
      const page = answers.get(JSON.stringify({ query: query.query, filter: query.filter, offset: query.offset, limit: query.limit }));
      if (!page) throw new ChatCommandError({ code: 'invalid-input', message: `No recorded answer for ${JSON.stringify(query)}.` });
      return page;
    },
    async watchTargets(ids: readonly string[]) {
      return ids.flatMap((id) => (watched.has(id) ? [watched.get(id)!] : []));
    },
  };
}
