import { BehaviorSubject, Subject } from 'rxjs';
import type { ChatEvent, Command, CommandResult, InternalTarget, MessageEntry, UserSnapshot } from '../../../src/engine/types.js';
import type { ConnectOptions, ConnectionState, DirectoryPage, DirectoryQuery, PresenceChange, StreamEvent, Transport } from '../../../src/transport/types.js';
import type { WorkspaceState } from '../../../src/store/types.js';
import { fixtureUser } from '../../../src/store/fixtures.js';

/** The snapshot event body that would produce a fixture state. */
export function snapshotOf(state: WorkspaceState): UserSnapshot {
  return {
    user: state.user!,
    sessions: Object.values(state.sessions),
    invitations: Object.values(state.invitations),
    ...(state.presence ? { presence: { ...state.presence } } : {}),
    config: state.config!,
  };
}

/** Numbers events of one epoch as a transport would. */
export function streamer(epoch = 'e1', start = 0) {
  let position = start;
  return {
    snapshot(snapshot: UserSnapshot): StreamEvent {
      return { epoch, position, event: { type: 'snapshot', snapshot } };
    },
    next(event: ChatEvent): StreamEvent {
      position += 1;
      return { epoch, position, event };
    },
  };
}

export function message(seq: number, from: string, text: string, extra: Partial<MessageEntry> = {}): MessageEntry {
  return { kind: 'message', seq, id: `m${seq}`, at: 1_000 + seq, visibility: 'all', from: fixtureUser(from), text, ...extra };
}

/** A transport whose stream and answers the test drives by hand. */
export class FakeTransport implements Transport {
  readonly connection = new BehaviorSubject<ConnectionState>({ status: 'idle' });
  readonly events = new Subject<StreamEvent>();
  readonly connection$ = this.connection.asObservable();
  readonly events$ = this.events.asObservable();
  readonly presence = new Subject<PresenceChange>();
  readonly presence$ = this.presence.asObservable();
  readonly searches: DirectoryQuery[] = [];
  readonly watches: (readonly string[])[] = [];
  searchAnswer: (query: DirectoryQuery) => DirectoryPage | Promise<DirectoryPage> = (query) => ({ targets: [], total: 0, offset: query.offset ?? 0 });
  watchAnswer: (ids: readonly string[]) => InternalTarget[] | Promise<InternalTarget[]> = () => [];
  readonly connects: ConnectOptions[] = [];
  readonly sent: Command[] = [];
  disconnects = 0;
  answer: (command: Command) => CommandResult | Promise<CommandResult> = () => ({ ok: true });

  async connect(options: ConnectOptions): Promise<void> {
    this.connects.push(options);
    this.connection.next({ status: 'connected' });
  }
  async send(command: Command): Promise<CommandResult> {
    this.sent.push(command);
    return this.answer(command);
  }
  async disconnect(): Promise<void> {
    this.disconnects += 1;
    this.connection.next({ status: 'disconnected' });
  }
  async searchDirectory(query: DirectoryQuery): Promise<DirectoryPage> {
    this.searches.push(query);
    return this.searchAnswer(query);
  }
  async watchTargets(ids: readonly string[]): Promise<InternalTarget[]> {
    this.watches.push([...ids]);
    return this.watchAnswer(ids);
  }
}

/** A promise and its resolver, to hold a transport's answer until the test releases it. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
