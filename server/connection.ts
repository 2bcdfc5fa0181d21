import type { RawData, WebSocket } from 'ws';
import type { ChatError, Command, Role, UserId } from '../src/engine/types.js';
import {
  decodeFrame,
  encodeFrame,
  parseClientFrame,
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
import { RateLimiter } from './rate-limit.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  messagesPerWindow: number;
  windowMs: number;
  burst: number;
  helloTimeoutMs: number;
  /** A client that lets this much outgoing data pile up is too slow to keep: it is closed and resumes later. */
  maxBufferedBytes: number;
}

export interface ConnectionContext {
  hub: EngineHub;
  secret: string;
  users: ReadonlyMap<UserId, { role: Role; name: string }>;
  schemas: CommandSchemas;
  limits: ConnectionLimits;
  clock: ServerClock;
  logger: Logger;
  /** Called once when the connection is gone, for the server's bookkeeping. */
  onGone(connection: ChatConnection): void;
}

let connectionCount = 0;

/** Reasons a sign-in was refused, as logged. The client only hears "unauthorized". */
type RefusalReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'unknown-user' | 'role-mismatch' | 'not-hello' | 'hello-timeout';

/**
 * One WebSocket: waits for `hello`, signs the user in, then runs their commands and
 * streams their events. Frames are handled one at a time in the order they came in, so
 * answers go out in that order (a `pong` after `hello` proves the hello and any resumed
 * events were sent). On one node that is synchronous; a cluster node's hub answers once the
 * shared log has the command, and later frames wait their turn meanwhile.
 */
export class ChatConnection {
  readonly id = `c${++connectionCount}`;
  userId: UserId | undefined;
  private phase: 'hello' | 'open' | 'closed' = 'hello';
  private cancelHelloTimer: (() => void) | undefined;
  private detach: (() => void) | undefined;
  private readonly limiter: RateLimiter;
  /** Typing signals have their own budget, so a fast typist can never starve their own commands. */
  private readonly typingLimiter: RateLimiter;
  /** Whether the peer answered (or sent anything) since the last heartbeat. */
  private alive = true;
  /** The frame being handled asynchronously (cluster mode), which later frames wait for. */
  private busy: Promise<void> | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: ConnectionContext,
    readonly remote: string | undefined,
  ) {
    const { limits, clock } = ctx;
    this.limiter = new RateLimiter(limits.messagesPerWindow, limits.windowMs, limits.burst, clock.now());
    this.typingLimiter = new RateLimiter(limits.messagesPerWindow, limits.windowMs, limits.burst, clock.now());
    this.cancelHelloTimer = clock.setTimer(() => this.refuse('hello-timeout', CLOSE.helloTimeout), limits.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      this.alive = true;
      this.handleInOrder(() => this.onMessage(data, isBinary));
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

  /** Closes with `code` (1012 on shutdown, so clients resume). */
  close(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.end();
    this.socket.close(code, reason);
  }

  /** Called every heartbeat interval: drops a peer that stayed silent for a whole interval, pings the others. */
  heartbeat(): void {
    if (this.phase === 'closed') return;
    if (!this.alive) {
      this.ctx.logger({ level: 'warn', event: 'heartbeat-missed', connection: this.id, user: this.userId });
      this.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  /** Drops the TCP connection without a closing handshake (shutdown of a silent peer). */
  terminate(): void {
    this.end();
    this.socket.terminate();
  }

  private handleInOrder(handle: () => void | Promise<void>): void {
    if (this.busy) {
      const next: Promise<void> = this.busy.then(handle).finally(() => {
        if (this.busy === next) this.busy = undefined;
      });
      this.busy = next;
      return;
    }
    const pending = handle();
    if (!pending) return;
    const next: Promise<void> = pending.finally(() => {
      if (this.busy === next) this.busy = undefined;
    });
    this.busy = next;
  }

  private onMessage(data: RawData, isBinary: boolean): void | Promise<void> {
    if (this.phase === 'closed') return;
    const { limits, logger } = this.ctx;
    const bytes = byteLength(data);
    if (bytes > limits.maxFrameBytes) {
      logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: 'too-large', bytes });
      this.sendError({ code: 'malformed-frame', message: `The frame is ${bytes} bytes, larger than the ${limits.maxFrameBytes}-byte limit.` });
      this.close(CLOSE.tooLarge, 'Frame too large');
      return;
    }
    const decoded = isBinary
      ? ({ ok: false, error: { code: 'malformed-frame', message: 'Frames must be text: one JSON object each.' } } as const)
      : decodeFrame(toText(data), limits.maxFrameBytes);
    const parsed: ClientFrameResult = decoded.ok ? parseClientFrame(decoded.value, this.ctx.schemas) : decoded;

    if (this.phase === 'hello') {
      if (parsed.ok && parsed.value.type === 'hello') return this.signIn(parsed.value.token, parsed.value.resumeFrom);
      this.refuse('not-hello', CLOSE.unauthorized);
      return;
    }

    if (parsed.ok && parsed.value.type === 'ping') {
      // Liveness is never rate-limited: a busy client must not look dead.
      this.send(parsed.value.id === undefined ? { type: 'pong' } : { type: 'pong', id: parsed.value.id });
      return;
    }

    const typing = parsed.ok && parsed.value.type === 'command' && parsed.value.command.type === 'set-typing';
    const waitMs = (typing ? this.typingLimiter : this.limiter).take(this.ctx.clock.now());
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const error: ChatError = {
        code: 'rate-limited',
        message: `Too many messages: at most ${limits.messagesPerWindow} every ${limits.windowMs / 1000} seconds. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      };
      const id = parsed.ok ? (parsed.value.type === 'command' ? parsed.value.id : undefined) : parsed.id;
      logger({ level: 'warn', event: 'rate-limited', connection: this.id, user: this.userId });
      if (id !== undefined) this.send({ type: 'result', id, result: { ok: false, error } });
      else this.sendError(error);
      return;
    }

    if (!parsed.ok) {
      // A readable command frame with a bad command is answered as that command's result.
      if (parsed.id !== undefined) {
        logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: parsed.error.code, field: parsed.error.field });
        this.send({ type: 'result', id: parsed.id, result: { ok: false, error: parsed.error } });
      } else {
        this.frameError(parsed.error);
      }
      return;
    }

    const frame = parsed.value;
    if (frame.type !== 'command') {
      this.frameError({ code: 'malformed-frame', message: 'This connection is already signed in; open a new connection to sign in again.', field: 'type' });
      return;
    }
    // The frame id doubles as the idempotency key, so a frame re-sent after a reconnect is applied once.
    const command: Command = frame.command.commandId === undefined ? { ...frame.command, commandId: frame.id } : frame.command;
    const result = this.ctx.hub.execute(this.userId!, command);
    if (!(result instanceof Promise)) return this.send({ type: 'result', id: frame.id, result });
    return result.then((answer) => this.send({ type: 'result', id: frame.id, result: answer }));
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
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    const userId = check.claims.sub;
    this.userId = userId;
    // Open before attaching: the hub hands over the resumed events or the snapshot during attach.
    this.phase = 'open';
    const attached = this.ctx.hub.attach(userId, { deliver: (event) => this.deliver(event) }, resumeFrom);
    if (!(attached instanceof Promise)) return this.opened(attached, user.role);
    return attached.then((done) => this.opened(done, user.role));
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

  private deliver(event: StreamEvent): void {
    if (this.phase !== 'open') return;
    if (this.socket.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.ctx.logger({ level: 'warn', event: 'slow-consumer', connection: this.id, user: this.userId, buffered: this.socket.bufferedAmount });
      this.close(CLOSE.tryAgainLater, 'Too far behind; reconnect and resume');
      return;
    }
    this.send({ type: 'event', epoch: event.epoch, position: event.position, event: event.event });
  }

  private frameError(error: ChatError): void {
    this.ctx.logger({ level: 'warn', event: 'frame-refused', connection: this.id, user: this.userId, code: error.code, field: error.field });
    this.sendError(error);
  }

  private sendError(error: ChatError): void {
    this.send({ type: 'error', error });
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeFrame(frame));
  }

  private end(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.cancelHelloTimer?.();
    this.cancelHelloTimer = undefined;
    this.detach?.();
    this.detach = undefined;
  }

  private onClose(code: number): void {
    const wasSignedIn = this.userId !== undefined;
    this.end();
    if (wasSignedIn) this.ctx.logger({ level: 'info', event: 'connection-closed', connection: this.id, user: this.userId, code });
    this.ctx.onGone(this);
  }
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

