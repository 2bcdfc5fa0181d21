import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { ChatCommandError, type ChatError, type ChatEvent, type Command, type CommandResult, type DirectoryTarget } from '../../engine/types.js';
import { decodeFrame, encodeFrame, parseServerFrame, type ClientFrame, type ServerFrame } from '../../protocol/index.js';
import { exceedsBytes, utf8 } from '../../protocol/frames.js';
import { parseDirectoryQuery, parseWatchIds } from '../../protocol/directory.js';
import type {
  ConnectOptions,
  ConnectionState,
  DirectoryPage,
  DirectoryQuery,
  PresenceChange,
  StreamEvent,
  StreamPosition,
  Transport,
} from '../types.js';
import { backoffDelay } from './backoff.js';
import type { DirectoryHost, DirectoryRequests } from './directory.js';
import type { ResolvedOptions, TimerHandle, WebSocketLike } from './options.js';
import { judgeEvent } from './stream-order.js';

/** WebSocket.OPEN, spelled out because Node 20 has no global WebSocket to read it from. */
const OPEN = 1;
/** The reference server's close codes. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_SERVICE_RESTART = 1012;
/** What this transport closes with when it gives a connection up itself. */
const CLOSE_NORMAL = 1000;
const CLOSE_STREAM_BROKEN = 4000;

interface PendingCommand {
  readonly id: string;
  readonly frame: string;
  /** Written to a socket that has not answered it yet; re-sent (same id) after a reconnect. */
  sent: boolean;
  timer: TimerHandle | undefined;
  resolve(result: CommandResult): void;
}

interface Waiter {
  resolve(): void;
  reject(error: ChatCommandError): void;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `Transport` over a WebSocket to the reference server (see the README's protocol
 * section). It keeps the stream it hands out gap-free by itself: it tracks the last
 * position it delivered, drops duplicates, and on any break (a lost connection, a silent
 * server, a gap, another epoch) reconnects with backoff and resumes from that position.
 */
export class WebSocketTransport implements Transport, DirectoryHost {
  private readonly state = new BehaviorSubject<ConnectionState>({ status: 'idle' });
  private readonly stream = new Subject<StreamEvent>();
  readonly connection$: Observable<ConnectionState> = this.state.asObservable();
  readonly events$: Observable<StreamEvent> = this.stream.asObservable();
  /** @internal (for the directory part) */
  readonly presence = new Subject<PresenceChange>();
  readonly presence$: Observable<PresenceChange> = this.presence.asObservable();
  /** The directory part (searches, the watch list), loaded on the first search or watch. */
  private directory: DirectoryRequests | undefined;
  private directoryLoading: Promise<DirectoryRequests> | undefined;
  /** Who connected last (kept across disconnect): the watch list is theirs. */
  private lastUserId: string | undefined;

  /** Who we are connected as; undefined before `connect` and after `disconnect`/failure. */
  private session: { userId: string; token?: string } | undefined;
  /** The last position handed to subscribers: where every reconnection resumes from. */
  private last: StreamPosition | undefined;
  /** @internal */
  socket: WebSocketLike | undefined;
  /** Bumped whenever a socket is given up, so its late callbacks do nothing. @internal */
  generation = 0;
  /** The current socket's hello was answered: commands may flow. @internal */
  accepted = false;
  private everAccepted = false;
  /** An `unauthorized` error frame that came before the refusing close, for its wording. */
  private refusal: string | undefined;
  private attempt = 0;
  private reconnectTimer: TimerHandle | undefined;
  private livenessTimer: TimerHandle | undefined;
  private pings = 0;
  private waiter: Waiter | undefined;
  /** Commands not answered yet, in the order they were sent: the outbox and those in flight. */
  private readonly commands = new Map<string, PendingCommand>();

  /** `options` and the members marked internal are what the directory part uses (`DirectoryHost`). */
  constructor(readonly options: ResolvedOptions) {}

  connect(options: ConnectOptions): Promise<void> {
    const userId = options?.userId;
    if (typeof userId !== 'string' || userId === '') {
      return Promise.reject(
        new ChatCommandError({ code: 'invalid-input', message: 'connect needs the userId of the user to sign in as.', field: 'userId' }),
      );
    }
    this.dropSocket(CLOSE_NORMAL, 'Connecting again');
    if (this.session && this.session.userId !== userId) {
      // Never let one user's queued commands go out signed in as another.
      this.settleAll({ code: 'not-connected', message: `The transport connected as ${userId} instead before this command was answered.` });
    }
    // Another user's watch list is not theirs to follow.
    if (this.lastUserId !== undefined && this.lastUserId !== userId) this.directory?.forget();
    this.lastUserId = userId;
    this.requeueInFlight();
    this.cancelReconnect();
    this.waiter?.reject(this.notConnectedError('connect was called again before this connection was up.'));
    this.session = { userId, ...(options.token !== undefined ? { token: options.token } : {}) };
    this.last = options.resumeFrom ? { epoch: options.resumeFrom.epoch, position: options.resumeFrom.position } : undefined;
    this.everAccepted = false;
    this.attempt = 0;
    this.setState({ status: 'connecting' });
    const ready = new Promise<void>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
    this.open();
    return ready;
  }

  send(command: Command): Promise<CommandResult> {
    const status = this.state.value.status;
    if (!this.session || status === 'idle' || status === 'disconnected' || status === 'failed') {
      return Promise.resolve({
        ok: false,
        error: { code: 'not-connected', message: 'The command was not sent because the transport is not connected.' },
      });
    }
    const id = this.options.newId();
    // The command id makes a re-send after a reconnect apply once; a caller's own id wins.
    const withId = isPlainObject(command) && command.commandId === undefined ? { ...command, commandId: id } : command;
    let frame: string;
    try {
      frame = encodeFrame({ type: 'command', id, command: withId });
    } catch (error) {
      const detail = error instanceof Error ? ` (${error.message})` : '';
      return Promise.resolve({ ok: false, error: { code: 'invalid-command', message: `The command could not be encoded as JSON${detail}.` } });
    }
    const bytes = utf8.encode(frame).byteLength;
    if (bytes > this.options.maxOutboundFrameBytes) {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'invalid-input',
          message: `The command is ${bytes} bytes long; the server accepts at most ${this.options.maxOutboundFrameBytes} bytes per frame.`,
        },
      });
    }
    return new Promise<CommandResult>((resolve) => {
      const pending: PendingCommand = { id, frame, sent: false, timer: undefined, resolve };
      this.commands.set(id, pending);
      if (this.accepted) this.transmit(pending);
      else this.holdInOutbox(pending);
    });
  }

  // Checked here, with the protocol's validation that every page has anyway (it reads the
  // answers), before the directory part is needed.
  searchDirectory(query: DirectoryQuery): Promise<DirectoryPage> {
    const parsed = parseDirectoryQuery(query);
    if (!parsed.ok) return Promise.reject(new ChatCommandError(parsed.error));
    return this.loadDirectory().then((directory) => directory.search(parsed.value));
  }

  watchTargets(ids: readonly string[]): Promise<DirectoryTarget[]> {
    const parsed = parseWatchIds(ids);
    if (!parsed.ok) return Promise.reject(new ChatCommandError(parsed.error));
    return this.loadDirectory().then((directory) => directory.watch(parsed.value));
  }

  /** The directory part, loaded once; a failed load (the network) is tried again on the next call. */
  private loadDirectory(): Promise<DirectoryRequests> {
    return (this.directoryLoading ??= import('./directory.js').then(
      ({ DirectoryRequests }) => (this.directory = new DirectoryRequests(this)),
      (error: unknown) => {
        this.directoryLoading = undefined;
        const detail = error instanceof Error ? ` (${error.message})` : '';
        throw new ChatCommandError({ code: 'not-connected', message: `The directory's code could not be loaded${detail}; try again.` });
      },
    ));
  }

  async disconnect(): Promise<void> {
    const status = this.state.value.status;
    this.dropSocket(CLOSE_NORMAL, 'The client disconnected');
    this.cancelReconnect();
    this.session = undefined;
    this.waiter?.reject(this.notConnectedError('disconnect was called before the connection was up.'));
    this.waiter = undefined;
    this.settleAll({ code: 'not-connected', message: 'The transport was disconnected before the server answered this command.' });
    if (status !== 'idle' && status !== 'disconnected') this.setState({ status: 'disconnected' });
  }

  // -------------------------------------------------------------------------
  // The socket

  private open(): void {
    const generation = ++this.generation;
    this.accepted = false;
    this.refusal = undefined;
    const session = this.session;
    if (!session) return;
    const getToken = this.options.getToken;
    if (session.token !== undefined || !getToken) {
      this.openSocket(generation, session.token);
      return;
    }
    // Asked on every attempt, so a reconnection after the token expired signs in with a fresh one.
    Promise.resolve()
      .then(() => getToken(session.userId))
      .then(
        (token) => {
          if (generation === this.generation && this.session === session) this.openSocket(generation, token);
        },
        (error: unknown) => {
          if (generation !== this.generation || this.session !== session) return;
          const detail = error instanceof Error ? error.message : String(error);
          this.lost(`Could not get a sign-in token (${detail}); trying again.`);
        },
      );
  }

  private openSocket(generation: number, token: string | undefined): void {
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.options.url);
    } catch (error) {
      // A malformed URL: no retry can fix it.
      const detail = error instanceof Error ? error.message : String(error);
      this.fail({ code: 'not-connected', message: `Cannot open a WebSocket to ${this.options.url}: ${detail}` });
      return;
    }
    this.socket = socket;
    const current = () => generation === this.generation;
    socket.onopen = () => {
      if (!current()) return;
      this.write({ type: 'hello', ...(token !== undefined ? { token } : {}), ...(this.last ? { resumeFrom: this.last } : {}) });
      // The server answers frames in order, so this pong says the hello was taken even
      // when a resume has nothing to replay.
      this.write({ type: 'ping', id: `hello-${generation}` });
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (current()) this.receive(event.data);
    };
    socket.onclose = (event: { code?: number; reason?: string }) => {
      if (current()) this.closed(event.code ?? 1006, event.reason ?? '');
    };
    socket.onerror = () => {
      // A close event always follows, with the code that tells what to do.
    };
    this.armLiveness();
  }

  private write(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(encodeFrame(frame));
      return true;
    } catch {
      return false; // the socket is going down; its close event will reconnect
    }
  }

  /** Gives the current socket up: its callbacks are ignored from now on. */
  private dropSocket(code: number, reason: string): void {
    this.generation++;
    this.accepted = false;
    this.directory?.dropped('the connection went down before the server answered.');
    this.clearTimer('livenessTimer');
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Closing a socket still opening makes `ws` emit an error; unheard, Node would crash on it.
    socket.onerror = () => {};
    try {
      // A dead peer never completes a closing handshake; `ws` can drop it at once.
      const terminate = (socket as { terminate?: () => void }).terminate;
      if (code !== CLOSE_NORMAL && typeof terminate === 'function') terminate.call(socket);
      else socket.close(code, reason);
    } catch {
      // Already closed, or closing: nothing left to release.
    }
  }

  private closed(code: number, reason: string): void {
    if (code === CLOSE_UNAUTHORIZED || code === CLOSE_FORBIDDEN) {
      // The error frame before the close says why in a sentence; the close reason is terse.
      this.fail({ code: 'unauthorized', message: this.refusal || reason || 'The server refused the sign-in token.' });
      return;
    }
    if (code === CLOSE_SERVICE_RESTART) {
      this.attempt = 0;
      this.lost('The server is restarting; reconnecting.');
      return;
    }
    const why = reason ? `: ${reason}` : ` (code ${code})`;
    this.lost(`The connection to the server was lost${why}; reconnecting.`);
  }

  /** The connection is gone against our will: hold the commands and try again after a backoff. */
  private lost(reason: string): void {
    this.dropSocket(CLOSE_STREAM_BROKEN, reason);
    this.requeueInFlight();
    this.setState({ status: this.everAccepted ? 'reconnecting' : 'connecting', reason });
    this.scheduleReconnect();
  }

  /** Commands written to a socket now gone go out again, same id, after the next hello. */
  private requeueInFlight(): void {
    for (const pending of this.commands.values()) {
      if (!pending.sent) continue;
      pending.sent = false;
      if (pending.timer !== undefined) this.options.clearTimeout(pending.timer);
      pending.timer = undefined;
      this.holdInOutbox(pending);
    }
  }

  private scheduleReconnect(): void {
    this.cancelReconnect();
    const delay = backoffDelay(this.attempt++, this.options.reconnect, this.options.random);
    this.reconnectTimer = this.options.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.session) this.open();
    }, delay);
  }

  private cancelReconnect(): void {
    this.clearTimer('reconnectTimer');
  }

  /** A refusal no retry can fix: say so, and answer everything that waits. */
  private fail(error: ChatError): void {
    this.dropSocket(CLOSE_NORMAL, 'Giving up');
    this.cancelReconnect();
    this.session = undefined;
    this.setState({ status: 'failed', reason: error.message });
    this.waiter?.reject(new ChatCommandError(error));
    this.waiter = undefined;
    this.settleAll(error);
  }

  // -------------------------------------------------------------------------
  // Liveness: browsers cannot see WebSocket pings, so silence is measured in frames.

  private armLiveness(): void {
    this.clearTimer('livenessTimer');
    const generation = this.generation;
    this.livenessTimer = this.options.setTimeout(() => {
      this.livenessTimer = undefined;
      if (generation !== this.generation) return;
      this.write({ type: 'ping', id: `hb-${++this.pings}` });
      this.livenessTimer = this.options.setTimeout(() => {
        this.livenessTimer = undefined;
        if (generation !== this.generation) return;
        const silence = seconds(this.options.heartbeatMs + this.options.heartbeatTimeoutMs);
        this.lost(`The server has not answered for ${silence}; reconnecting.`);
      }, this.options.heartbeatTimeoutMs);
    }, this.options.heartbeatMs);
  }

  // -------------------------------------------------------------------------
  // Inbound frames

  private receive(data: unknown): void {
    this.armLiveness();
    if (typeof data !== 'string') {
      this.report({ code: 'malformed-frame', message: 'The server sent a binary frame; the protocol uses text frames only.' });
      return;
    }
    const max = this.options.maxInboundFrameBytes;
    if (exceedsBytes(data, max)) {
      this.unreadable(max);
      return;
    }
    const decoded = decodeFrame(data, max);
    if (!decoded.ok) {
      this.report(decoded.error);
      return;
    }
    const parsed = parseServerFrame(decoded.value);
    if (!parsed.ok) {
      this.report({ ...parsed.error, message: `The server sent a frame this client cannot use: ${parsed.error.message}` });
      return;
    }
    this.handle(parsed.value);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'event':
        this.accept();
        this.onEvent({ epoch: frame.epoch, position: frame.position, event: frame.event });
        return;
      case 'result': {
        this.accept();
        const pending = this.commands.get(frame.id);
        if (pending) this.settle(pending, frame.result);
        return;
      }
      case 'pong':
        this.accept();
        return;
      case 'search-result':
      case 'watch-result':
        this.accept();
        // Without the directory part loaded, nobody asked: nothing waits for it.
        this.directory?.answered(frame);
        return;
      case 'presence':
        this.directory?.heard({ userId: frame.userId, channel: frame.channel, state: frame.state });
        return;
      case 'error':
        if (frame.error.code === 'unauthorized' && !this.accepted) {
          this.refusal = frame.error.message; // the refusing close follows
          return;
        }
        this.report(frame.error);
        return;
    }
  }

  /** The server took our hello: we are connected, and what waited in the outbox goes out in order. */
  private accept(): void {
    if (this.accepted) return;
    this.accepted = true;
    this.everAccepted = true;
    this.attempt = 0;
    this.setState({ status: 'connected' });
    this.waiter?.resolve();
    this.waiter = undefined;
    for (const pending of [...this.commands.values()]) {
      if (!pending.sent && this.accepted) this.transmit(pending);
    }
    if (this.accepted) this.directory?.accepted();
  }

  private onEvent(incoming: StreamEvent): void {
    switch (judgeEvent(this.last, incoming)) {
      case 'deliver':
        this.last = { epoch: incoming.epoch, position: incoming.position };
        this.stream.next(incoming);
        return;
      case 'duplicate':
        return;
      case 'gap':
        this.lost(`Events ${this.last!.position + 1}–${incoming.position - 1} did not arrive; resuming from ${this.last!.position}.`);
        return;
      case 'new-stream':
        // The server cannot continue our stream (it lost its log, or skipped the snapshot):
        // a fresh snapshot is the only safe start.
        this.last = undefined;
        this.lost('The server started a new event stream; reloading the state.');
        return;
    }
  }

  /**
   * A frame too large to read may have been the snapshot or an event, so the stream cannot
   * go on as if nothing happened (that was the silent empty desktop). Say so, and reconnect
   * asking for a fresh snapshot, which reflects the state as it is by then: resuming would
   * only replay the same frame. Until a frame fits, the state stays `reconnecting` with the reason.
   */
  private unreadable(max: number): void {
    const error: ChatError = {
      code: 'malformed-frame',
      message: `The server sent a frame larger than this client's ${max}-byte limit; reloading the state from the server.`,
    };
    this.report(error);
    this.last = undefined;
    this.lost(error.message);
  }

  /** A problem outside any command: an `error` event, so the store can show it. */
  private report(error: ChatError): void {
    const event: ChatEvent = { type: 'error', error };
    // Not a stream event: it carries the current position and does not move it.
    this.stream.next({ epoch: this.last?.epoch ?? '', position: this.last?.position ?? 0, event });
  }

  // -------------------------------------------------------------------------
  // Commands

  private transmit(pending: PendingCommand): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) {
      this.holdInOutbox(pending);
      return;
    }
    try {
      socket.send(pending.frame);
    } catch {
      this.holdInOutbox(pending);
      return;
    }
    pending.sent = true;
    this.restartTimer(pending, this.options.commandTimeoutMs, () => ({
      code: 'timeout',
      message: `The server did not answer the command within ${seconds(this.options.commandTimeoutMs)}; it may or may not have been applied.`,
    }));
  }

  private holdInOutbox(pending: PendingCommand): void {
    if (pending.timer !== undefined) return; // already waiting: its deadline stands
    this.restartTimer(pending, this.options.outboxTimeoutMs, () => ({
      code: 'timeout',
      message: `The command was not sent within ${seconds(this.options.outboxTimeoutMs)} because the connection is down; send it again once connected.`,
    }));
  }

  private restartTimer(pending: PendingCommand, ms: number, error: () => ChatError): void {
    if (pending.timer !== undefined) this.options.clearTimeout(pending.timer);
    pending.timer = this.options.setTimeout(() => {
      pending.timer = undefined;
      if (this.commands.get(pending.id) === pending) this.settle(pending, { ok: false, error: error() });
    }, ms);
  }

  private settle(pending: PendingCommand, result: CommandResult): void {
    if (pending.timer !== undefined) this.options.clearTimeout(pending.timer);
    pending.timer = undefined;
    this.commands.delete(pending.id);
    pending.resolve(result);
  }

  private settleAll(error: ChatError): void {
    for (const pending of [...this.commands.values()]) this.settle(pending, { ok: false, error });
  }

  // -------------------------------------------------------------------------

  private setState(next: ConnectionState): void {
    const current = this.state.value;
    if (current.status === next.status && current.reason === next.reason) return;
    this.state.next(next);
  }

  /** @internal */
  notConnectedError(why: string): ChatCommandError {
    return new ChatCommandError({ code: 'not-connected', message: `Not connected: ${why}` });
  }

  /** @internal The error the directory part rejects with (the page's one class: callers test it with instanceof). */
  chatError(error: ChatError): ChatCommandError {
    return new ChatCommandError(error);
  }

  private clearTimer(name: 'livenessTimer' | 'reconnectTimer'): void {
    const handle = this[name];
    if (handle !== undefined) this.options.clearTimeout(handle);
    this[name] = undefined;
  }
}
