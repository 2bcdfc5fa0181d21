import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { ChatCommandError, type ChatError, type Command, type Role, type UserId } from '../src/engine/types.js';
import type { PresenceWatcher } from '../src/host/engine-host.js';
import {
  decodeFrame,
  encodeFrame,
  parseClientFrame,
  type ClientFrame,
  type ClientFrameResult,
  type CommandSchemas,
  type ServerFrame,
} from '../src/protocol/index.js';
import type { StreamEvent } from '../src/transport/types.js';
import { verifyToken } from './auth.js';
import type { Attached, EngineHub } from './hub.js';
import type { ServerClock } from './clock.js';
import { CLOSE } from './close-codes.js';
import type { Logger } from './logger.js';
import type { Budgets } from './rate-limit.js';
import { RefusalLog } from './refusal-log.js';
import { encodedEventFrame, eventFrameText, textFrames, type EventFrame } from './websocket-frames.js';
import { sendAtTurnEnd } from './turn-end.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  /** The command budget of one user, shared by all their sockets (typing signals have a budget of the same size). */
  messagesPerWindow: number;
  windowMs: number;
  burst: number;
  helloTimeoutMs: number;
  /**
   * A socket whose unsent data passes this is too slow (or not reading at all): it is closed
   * with 1013 whatever the next frame was (event, result, pong or error) and resumes later.
   */
  maxBufferedBytes: number;
  /** Repeated refusals on one socket are logged once per this interval, with counts. */
  refusalLogIntervalMs: number;
}

/** The budgets a connection draws on; shared with every other connection of the same key. */
export interface ConnectionBudgets {
  /** Commands, per user. */
  commands: Budgets;
  /** Typing signals, per user. */
  typing: Budgets;
  /** Directory searches and watch lists, per user: a search per keystroke must not eat the command budget. */
  directory: Budgets;
  /** Hello frames, per remote address: all an unauthenticated socket can send. */
  hellos: Budgets;
}

export interface ConnectionContext {
  hub: EngineHub;
  secret: string;
  users: ReadonlyMap<UserId, { role: Role; name: string }>;
  schemas: CommandSchemas;
  limits: ConnectionLimits;
  budgets: ConnectionBudgets;
  /** Where refusals of a socket that never signed in are logged: one log for the whole server. */
  upgradeRefusals: RefusalLog;
  clock: ServerClock;
  logger: Logger;
  /**
   * Asked once the token checked out: false refuses the sign-in (the user already has as
   * many sockets as they may), with a sentence saying why.
   */
  admit(connection: ChatConnection, userId: UserId): { ok: true } | { ok: false; message: string };
  /** Called once the connection leaves the hello phase (signed in, refused or gone). */
  onHelloDone(connection: ChatConnection): void;
  /** Called once when the connection is gone, for the server's bookkeeping. */
  onGone(connection: ChatConnection): void;
}

let connectionCount = 0;

const ANSWER_OF = { command: 'result', search: 'search-result', watch: 'watch-result' } as const;

/** How long a socket closed for being too slow may take to finish closing before it is cut off. */
const SLOW_CLOSE_GRACE_MS = 2000;

/** Reasons a sign-in was refused, as logged. The client only hears "unauthorized". */
type RefusalReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'unknown-user' | 'role-mismatch' | 'not-hello' | 'hello-timeout';

/**
 * One WebSocket: waits for `hello`, signs the user in, then runs their commands and
 * streams their events. Frames are handled in the order they came in, and answers go out in
 * that order (a `pong` after `hello` proves the hello and any resumed events were sent). A
 * cluster node may take a moment to sign in (it first catches up with the shared log): frames
 * that arrive meanwhile wait for it.
 *
 * Every frame the server sends goes through `send`, the one bounded path: a peer that
 * does not read cannot make the server hold more than `maxBufferedBytes` (plus one frame) for it.
 */
export class ChatConnection {
  readonly id = `c${++connectionCount}`;
  userId: UserId | undefined;
  private phase: 'hello' | 'open' | 'closed' = 'hello';
  private cancelHelloTimer: (() => void) | undefined;
  private cancelCutOff: (() => void) | undefined;
  private detach: (() => void) | undefined;
  /** The last search or watch waiting for a cluster node to catch up; the next one waits for it. */
  private lookups: Promise<void> | undefined;
  /** This connection's watch list (presence of the targets the client shows); made on its first `watch`. */
  private watcher: PresenceWatcher | undefined;
  private readonly refusals: RefusalLog;
  /**
   * Whether the peer answered the last WebSocket ping. Frames it sends do not count: a
   * client that sends but never reads would otherwise look alive forever.
   */
  private alive = true;
  /** A sign-in waiting for a cluster node to catch up; later frames are handled after it. */
  private signingIn: Promise<void> | undefined;
  /** Frames written during this turn of the event loop, sent together at its end (`sendQueued`). */
  private queued: (string | EventFrame)[] = [];
  /** Characters (bytes, of event frames) of `queued`: counted with what the socket still holds against `maxBufferedBytes`. */
  private queuedLength = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: ConnectionContext,
    readonly remote: string | undefined,
    /** The TCP socket under `socket`: the frames of a turn of the event loop are written to it in one buffer. */
    private readonly tcp?: Duplex,
  ) {
    const { limits, clock } = ctx;
    this.refusals = new RefusalLog(ctx.logger, clock, limits.refusalLogIntervalMs, () => ({ connection: this.id, user: this.userId }));
    this.cancelHelloTimer = clock.setTimer(() => this.refuse('hello-timeout', CLOSE.helloTimeout), limits.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      if (this.signingIn) void this.signingIn.then(() => this.onMessage(data, isBinary));
      else this.onMessage(data, isBinary);
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', (code) => this.onClose(code));
    socket.on('error', (error) => {
      ctx.logger({ level: 'warn', event: 'socket-error', connection: this.id, user: this.userId, message: error.message });
    });
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  get waitingForHello(): boolean {
    return this.phase === 'hello';
  }

  /** Closes with `code` (1012 on shutdown, so clients resume), after the frames already written. */
  close(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.end();
    this.sendQueued();
    this.socket.close(code, reason);
  }

  /**
   * Sends the frames queued during this turn as one buffer, in one write. Called at the end
   * of the turn for every connection written to, and before a close frame (which `ws`
   * writes itself and must come last).
   */
  sendQueued(): void {
    const frames = this.queued;
    if (frames.length === 0) return;
    this.queued = [];
    this.queuedLength = 0;
    if (this.socket.readyState !== this.socket.OPEN || !this.tcp || this.tcp.destroyed) return;
    this.tcp.write(textFrames(frames));
  }

  /** Called every heartbeat interval: drops a peer that did not answer the last ping, pings the others. */
  heartbeat(): void {
    if (this.phase === 'closed') return;
    if (!this.alive) {
      this.ctx.logger({ level: 'warn', event: 'heartbeat-missed', connection: this.id, user: this.userId });
      this.terminate();
      return;
    }
    if (this.tooFarBehind()) return;
    this.alive = false;
    this.socket.ping();
  }

  /** Drops the TCP connection without a closing handshake (shutdown of a silent peer). */
  terminate(): void {
    this.end();
    this.socket.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    const { limits } = this.ctx;
    const bytes = byteLength(data);
    if (bytes > limits.maxFrameBytes) {
      this.refusals.refused({ level: 'warn', event: 'frame-refused', code: 'too-large', bytes });
      this.sendError({ code: 'malformed-frame', message: `The frame is ${bytes} bytes, larger than the ${limits.maxFrameBytes}-byte limit.` });
      this.close(CLOSE.tooLarge, 'Frame too large');
      return;
    }
    if (this.phase === 'hello') {
      // All an unauthenticated socket can send is one hello; its budget is its address's,
      // taken before any work is spent on the frame.
      const waitMs = this.ctx.budgets.hellos.take(this.remote ?? 'unknown', this.ctx.clock.now());
      if (waitMs > 0) return this.tooMany(`Too many sign-ins from this address. Try again in ${secondsText(waitMs)}.`, 'hello-rate');
    }
    const decoded = isBinary
      ? ({ ok: false, error: { code: 'malformed-frame', message: 'Frames must be text: one JSON object each.' } } as const)
      : decodeFrame(toText(data), limits.maxFrameBytes);
    const parsed: ClientFrameResult = decoded.ok ? parseClientFrame(decoded.value, this.ctx.schemas) : decoded;

    if (this.phase === 'hello') {
      if (parsed.ok && parsed.value.type === 'hello') {
        const pending = this.signIn(parsed.value.token, parsed.value.resumeFrom);
        if (pending) this.signingIn = pending.finally(() => (this.signingIn = undefined));
      } else this.refuse('not-hello', CLOSE.unauthorized);
      return;
    }

    if (parsed.ok && parsed.value.type === 'ping') {
      // Never rate-limited (a busy client must not look dead); bounded by the send path instead.
      // After the answers to earlier commands (which may be waiting for the disk), in frame order.
      const pong: ServerFrame = parsed.value.id === undefined ? { type: 'pong' } : { type: 'pong', id: parsed.value.id };
      this.ctx.hub.afterPending(() => {
        // After a search or watch still waiting for a cluster node to catch up, too.
        if (this.lookups) void this.lookups.then(() => this.send(pong));
        else this.send(pong);
      });
      return;
    }

    const typing = parsed.ok && parsed.value.type === 'command' && parsed.value.command.type === 'set-typing';
    const lookup = parsed.ok ? parsed.value.type === 'search' || parsed.value.type === 'watch' : parsed.answer === 'search-result' || parsed.answer === 'watch-result';
    const budget = typing ? this.ctx.budgets.typing : lookup ? this.ctx.budgets.directory : this.ctx.budgets.commands;
    const waitMs = budget.take(this.userId!, this.ctx.clock.now());
    if (waitMs > 0) {
      const error: ChatError = {
        code: 'rate-limited',
        message: `Too many messages: at most ${budget.perWindow} every ${budget.windowMs / 1000} seconds. Try again in ${secondsText(waitMs)}.`,
      };
      this.refusals.refused({ level: 'warn', event: 'rate-limited' });
      if (parsed.ok && (parsed.value.type === 'command' || parsed.value.type === 'search' || parsed.value.type === 'watch')) {
        this.refuseRequest(ANSWER_OF[parsed.value.type], parsed.value.id, error);
      } else if (!parsed.ok && parsed.id !== undefined && parsed.answer) this.refuseRequest(parsed.answer, parsed.id, error);
      else this.sendError(error);
      return;
    }

    if (!parsed.ok) {
      // A readable command, search or watch frame with bad contents is answered under its own id.
      if (parsed.id !== undefined && parsed.answer) {
        this.refusals.refused({ level: 'warn', event: 'frame-refused', code: parsed.error.code, field: parsed.error.field });
        this.refuseRequest(parsed.answer, parsed.id, parsed.error);
      } else {
        this.frameError(parsed.error);
      }
      return;
    }

    const frame = parsed.value;
    if (frame.type === 'search' || frame.type === 'watch') {
      // Answered after the results of earlier commands, in frame order, from the state they
      // left (on a cluster node, once it has caught up with what other nodes answered).
      this.ctx.hub.afterPending(() => {
        const current = this.lookups ? this.lookups.then(() => this.ctx.hub.current()) : this.ctx.hub.current();
        if (!current) {
          this.answerDirectory(frame);
          return;
        }
        // Chained, so answers keep frame order even when catching up takes a while.
        const answered = current.then(
          () => this.answerDirectory(frame),
          () =>
            this.refuseRequest(frame.type === 'search' ? 'search-result' : 'watch-result', frame.id, {
              code: 'not-connected',
              message: 'The server could not catch up with the cluster; try again.',
            }),
        );
        this.lookups = answered;
        void answered.finally(() => {
          if (this.lookups === answered) this.lookups = undefined;
        });
      });
      return;
    }
    if (frame.type !== 'command') {
      this.frameError({ code: 'malformed-frame', message: 'This connection is already signed in; open a new connection to sign in again.', field: 'type' });
      return;
    }
    const command = frameCommand(frame);
    // Answered once recorded (after the disk flush, when durable); its events go out first.
    this.ctx.hub.execute(this.userId!, command, (result) => this.send({ type: 'result', id: frame.id, result }));
  }

  private answerDirectory(frame: Extract<ClientFrame, { type: 'search' | 'watch' }>): void {
    if (this.phase !== 'open') return;
    try {
      if (frame.type === 'search') {
        this.send({ type: 'search-result', id: frame.id, result: { ok: true, page: this.ctx.hub.searchDirectory(this.userId!, frame.query) } });
        return;
      }
      this.watcher ??= this.ctx.hub.watcher(this.userId!, (change) => {
        if (this.phase === 'open') this.send({ type: 'presence', ...change });
      });
      this.send({ type: 'watch-result', id: frame.id, result: { ok: true, targets: this.watcher.watch(frame.ids) } });
    } catch (error) {
      const refusal: ChatError =
        error instanceof ChatCommandError
          ? { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
          : { code: 'invalid-state', message: 'The server could not answer this request.' };
      if (!(error instanceof ChatCommandError)) {
        this.ctx.logger({ level: 'error', event: 'directory-error', connection: this.id, user: this.userId, message: String(error) });
      }
      this.refuseRequest(frame.type === 'search' ? 'search-result' : 'watch-result', frame.id, refusal);
    }
  }

  /** Answers a command, search or watch frame with a refusal under its own id. */
  private refuseRequest(answer: 'result' | 'search-result' | 'watch-result', id: string, error: ChatError): void {
    this.send({ type: answer, id, result: { ok: false, error } });
  }

  private signIn(token: string | undefined, resumeFrom: { epoch: string; position: number } | undefined): void | Promise<void> {
    const check = verifyToken(this.ctx.secret, token, this.ctx.clock.now());
    if (!check.ok) {
      this.refuse(check.reason, CLOSE.unauthorized);
      return;
    }
    const user = this.ctx.users.get(check.claims.sub);
    if (!user) return this.refuse('unknown-user', CLOSE.unauthorized);
    if (user.role !== check.claims.role) return this.refuse('role-mismatch', CLOSE.unauthorized);
    const admitted = this.ctx.admit(this, check.claims.sub);
    if (!admitted.ok) return this.tooMany(admitted.message, 'sockets-per-user', check.claims.sub);
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    this.userId = check.claims.sub;
    this.phase = 'open';
    this.ctx.onHelloDone(this);
    // Open before attaching: the hub hands over the resumed events or the snapshot during attach.
    const attached = this.ctx.hub.attach(
      this.userId,
      { deliver: (event) => this.deliver(event), deliverEncoded: (epoch, position, body) => this.deliverEncoded(epoch, position, body) },
      resumeFrom,
    );
    if (!(attached instanceof Promise)) return this.opened(attached, user.role);
    return attached.then(
      (done) => this.opened(done, user.role),
      () => this.close(CLOSE.tryAgainLater, 'The server could not open your stream; reconnect'),
    );
  }

  private opened(attached: Attached, role: Role): void {
    if (this.phase === 'closed') {
      // The socket went while a cluster node was catching up: let go of the stream at once.
      attached.detach();
      return;
    }
    this.detach = attached.detach;
    this.ctx.logger({
      level: 'info',
      event: 'connection-opened',
      connection: this.id,
      user: this.userId,
      role,
      resumed: attached.resumed,
      remote: this.remote,
    });
  }

  private refuse(reason: RefusalReason, code: number): void {
    if (this.phase === 'closed') return;
    this.ctx.logger({ level: 'warn', event: 'auth-refused', connection: this.id, reason, remote: this.remote });
    this.sendError({ code: 'unauthorized', message: refusalMessage(reason) });
    this.close(code, reason === 'hello-timeout' ? 'Sign-in timed out' : 'Unauthorized');
  }

  /** Over a per-address or per-user connection budget: told why, closed; the client retries later. */
  private tooMany(message: string, limit: string, user?: UserId): void {
    // Each refused socket is new, so only a log shared by all of them can summarise a flood.
    this.ctx.upgradeRefusals.refused({ level: 'warn', event: 'connection-refused', limit, remote: this.remote, ...(user ? { refusedUser: user } : {}) });
    this.sendError({ code: 'rate-limited', message });
    this.close(CLOSE.tooManyConnections, 'Too many connections');
  }

  private deliver(event: StreamEvent): void {
    if (this.phase !== 'open') return;
    this.write(eventFrame(event));
  }

  /** An event the hub already encoded (once for its whole audience). */
  private deliverEncoded(epoch: string, position: number, body: string): void {
    if (this.phase !== 'open') return;
    this.write(encodedEventFrame(epoch, position, body));
  }

  private frameError(error: ChatError): void {
    this.refusals.refused({ level: 'warn', event: 'frame-refused', code: error.code, field: error.field });
    this.sendError(error);
  }

  private sendError(error: ChatError): void {
    this.send({ type: 'error', error });
  }

  private send(frame: ServerFrame): void {
    this.write(encodeFrame(frame));
  }

  /** The one way out for every frame. */
  private write(frame: string | EventFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.tooFarBehind()) return;
    if (!this.tcp) {
      this.socket.send(typeof frame === 'string' ? frame : eventFrameText(frame));
      return;
    }
    if (this.queued.length === 0) queueForThisTurn(this);
    this.queued.push(frame);
    this.queuedLength += typeof frame === 'string' ? frame.length : frame.body.length;
  }

  /**
   * Closes a socket whose unsent data passed the limit (1013: reconnect and resume). A peer
   * that does not read will not read the close frame either, so it is cut off after a grace.
   */
  private tooFarBehind(): boolean {
    const buffered = this.socket.bufferedAmount + this.queuedLength;
    if (buffered <= this.ctx.limits.maxBufferedBytes) return false;
    if (this.cancelCutOff) return true;
    this.ctx.logger({ level: 'warn', event: 'slow-consumer', connection: this.id, user: this.userId, buffered });
    // It resumes from what it has: the frames not yet written are left out, so the close frame comes last.
    this.queued = [];
    this.queuedLength = 0;
    this.end();
    this.socket.close(CLOSE.tryAgainLater, 'Too far behind; reconnect and resume');
    this.cancelCutOff = this.ctx.clock.setTimer(() => this.socket.terminate(), SLOW_CLOSE_GRACE_MS);
    return true;
  }

  private end(): void {
    if (this.phase === 'closed') return;
    const wasWaiting = this.phase === 'hello';
    this.phase = 'closed';
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    this.detach?.();
    this.detach = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    if (wasWaiting) this.ctx.onHelloDone(this);
  }

  private onClose(code: number): void {
    const wasSignedIn = this.userId !== undefined;
    this.end();
    this.cancelCutOff?.();
    this.cancelCutOff = undefined;
    this.refusals.flush();
    if (wasSignedIn) this.ctx.logger({ level: 'info', event: 'connection-closed', connection: this.id, user: this.userId, code });
    this.ctx.onGone(this);
  }
}

/**
 * The JSON of each event, by event object. The engine hands one copy of an event to its
 * whole audience (and the hub the same object to every socket of a user), so an event is
 * encoded once however many receive it; only the per-user head (epoch, position) is not shared.
 */
const encodedEvents = new WeakMap<object, string>();

function eventFrame({ epoch, position, event }: StreamEvent): string {
  let body = encodedEvents.get(event);
  if (body === undefined) {
    body = JSON.stringify(event);
    encodedEvents.set(event, body);
  }
  return `{"type":"event","epoch":${JSON.stringify(epoch)},"position":${position},"event":${body}}`;
}

/**
 * Connections written to during this turn of the event loop. Their frames wait until the
 * turn ends, so the frames one turn produces for a socket (the events of several commands, a
 * result) leave in one buffer and one write system call instead of one each.
 */
let written: ChatConnection[] = [];

function queueForThisTurn(connection: ChatConnection): void {
  if (written.length === 0) sendAtTurnEnd(sendAllQueued);
  written.push(connection);
}

function sendAllQueued(): void {
  const connections = written;
  written = [];
  for (const connection of connections) connection.sendQueued();
}

/**
 * The command a command frame carries. The frame id doubles as the idempotency key, so a
 * frame re-sent after a reconnect is applied once.
 */
export function frameCommand(frame: Extract<ClientFrame, { type: 'command' }>): Command {
  return frame.command.commandId === undefined ? { ...frame.command, commandId: frame.id } : frame.command;
}

function secondsText(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function refusalMessage(reason: RefusalReason): string {
  switch (reason) {
    case 'missing':
      return 'Sign in first: the hello frame carries no token.';
    case 'expired':
      return 'Your sign-in has expired. Sign in again.';
    case 'not-hello':
      return 'The first frame must be a hello frame carrying a sign-in token.';
    case 'hello-timeout':
      return 'No hello frame arrived in time. Connect again and send hello with a sign-in token first.';
    default:
      // Forged, malformed and mismatched tokens are not told apart, to give an attacker nothing.
      return 'The sign-in token is not valid. Sign in again.';
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return data.byteLength;
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

