import type { Subject } from 'rxjs';
import type { ChatCommandError, ChatError, DirectoryTarget } from '../../engine/types.js';
import type { Answer, ClientFrame } from '../../protocol/frames.js';
import type { DirectoryPage, DirectoryQuery, PresenceChange } from '../types.js';
import { WatchSet } from '../watch-set.js';
import type { ResolvedOptions, WebSocketLike } from './options.js';

/*
 * The WebSocket transport's directory part: searches, the watch list, and their answers.
 * Loaded by the transport on the first `searchDirectory` or `watchTargets`, so a page that
 * never searches (the contact's widget: contacts are refused the directory) does not
 * carry it. The frames are validated by the transport before they reach this part (the
 * validation shares valibot with the rest of the protocol; a bundler splits by file, so a
 * valibot user loaded on demand would move valibot into a chunk of its own and cost the
 * page more than the schemas). For the same reason this module imports nothing at run
 * time that the page loads at once (only the watch list, which only it uses): what it
 * needs of the transport comes through `DirectoryHost`.
 */

/** What the directory part uses of the transport. */
export interface DirectoryHost {
  readonly options: ResolvedOptions;
  /** The current socket's hello was answered. */
  readonly accepted: boolean;
  readonly socket: WebSocketLike | undefined;
  /** Bumped whenever a socket is given up. */
  readonly generation: number;
  readonly presence: Subject<PresenceChange>;
  notConnectedError(why: string): ChatCommandError;
  /** `error` as the `ChatCommandError` the transport's callers expect. */
  chatError(error: ChatError): ChatCommandError;
}

type Answered =
  | { type: 'search-result'; id: string; result: Answer<'page', DirectoryPage> }
  | { type: 'watch-result'; id: string; result: Answer<'targets', DirectoryTarget[]> };

/** A search or watch in flight: answered on the socket it went out on, or refused. */
interface PendingRequest {
  readonly kind: Answered['type'];
  timer: unknown;
  resolve(value: DirectoryPage | DirectoryTarget[]): void;
  reject(error: ChatCommandError): void;
}

/** WebSocket.OPEN */
const OPEN = 1;
const utf8 = new TextEncoder();
const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

export class DirectoryRequests {
  /** The watch list, sent again after every reconnection. */
  private readonly watched = new WatchSet();
  /** Searches and watches waiting for their answer on the current socket. */
  private readonly requests = new Map<string, PendingRequest>();

  constructor(private readonly transport: DirectoryHost) {}

  /** `query` is valid (checked by the transport). */
  search(query: DirectoryQuery): Promise<DirectoryPage> {
    if (!this.transport.accepted) return Promise.reject(this.transport.notConnectedError('the directory can only be searched while connected.'));
    return this.request('search-result', { type: 'search', id: this.transport.options.newId(), query }) as Promise<DirectoryPage>;
  }

  /** `ids` are valid (checked by the transport). */
  watch(ids: string[]): Promise<DirectoryTarget[]> {
    this.watched.replace(ids);
    if (!this.transport.accepted) {
      return Promise.reject(this.transport.notConnectedError('the watch list is kept and sent once the connection is up.'));
    }
    const request = this.request('watch-result', { type: 'watch', id: this.transport.options.newId(), ids });
    return (request as Promise<DirectoryTarget[]>).then((targets) => {
      this.watched.answered(targets);
      return targets;
    });
  }

  /** Another user connects: the previous one's watch list is not theirs to follow. */
  forget(): void {
    this.watched.replace([]);
  }

  /** A new connection was accepted: the watch list goes out again; what changed meanwhile reaches presence$. */
  accepted(): void {
    if (this.watched.ids.length === 0) return;
    const generation = this.transport.generation;
    this.request('watch-result', { type: 'watch', id: this.transport.options.newId(), ids: [...this.watched.ids] }).then(
      (targets) => {
        if (generation !== this.transport.generation) return;
        for (const change of this.watched.resent(targets as DirectoryTarget[])) this.transport.presence.next(change);
      },
      () => {
        // The connection broke again (the next one sends the list) or the server refused it: nothing to tell.
      },
    );
  }

  /** The socket is gone: searches and watches on it are refused (the watch list goes out again on its own). */
  dropped(why: string): void {
    for (const id of [...this.requests.keys()]) this.answer(id, this.transport.notConnectedError(why));
  }

  /** A validated `search-result` or `watch-result` frame. */
  answered(frame: Answered): void {
    const pending = this.requests.get(frame.id);
    if (!pending || pending.kind !== frame.type) return;
    const result = frame.result;
    if (!result.ok) this.answer(frame.id, this.transport.chatError(result.error));
    else this.answer(frame.id, 'page' in result ? result.page : result.targets);
  }

  /** A validated `presence` frame: emitted when it is news about a watched agent. */
  heard(change: PresenceChange): void {
    if (this.watched.heard(change)) this.transport.presence.next(change);
  }

  /** Sends a search or watch on the current socket; it is not re-sent after a break (the watch list is, by itself). */
  private request(kind: PendingRequest['kind'], frame: Extract<ClientFrame, { type: 'search' | 'watch' }>): Promise<DirectoryPage | DirectoryTarget[]> {
    const { options, socket } = this.transport;
    // The frame holds validated strings and numbers only: JSON.stringify cannot fail on it.
    const text = JSON.stringify(frame);
    const bytes = utf8.encode(text).byteLength;
    if (bytes > options.maxOutboundFrameBytes) {
      return Promise.reject(
        this.transport.chatError({
          code: 'invalid-input',
          message: `The request is ${bytes} bytes long; the server accepts at most ${options.maxOutboundFrameBytes} bytes per frame.`,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const pending: PendingRequest = { kind, timer: undefined, resolve, reject };
      this.requests.set(frame.id, pending);
      try {
        if (socket?.readyState !== OPEN) throw new Error('not open');
        socket.send(text);
      } catch {
        this.answer(frame.id, this.transport.notConnectedError('the connection went down before the request was sent.'));
        return;
      }
      pending.timer = options.setTimeout(() => {
        pending.timer = undefined;
        this.answer(frame.id, this.transport.chatError({ code: 'timeout', message: `The server did not answer within ${seconds(options.commandTimeoutMs)}; try again.` }));
      }, options.commandTimeoutMs);
    });
  }

  private answer(id: string, outcome: ChatCommandError | DirectoryPage | DirectoryTarget[]): void {
    const pending = this.requests.get(id);
    if (!pending) return;
    this.requests.delete(id);
    if (pending.timer !== undefined) this.transport.options.clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
